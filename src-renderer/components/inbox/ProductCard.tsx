import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import type { RatingWeek } from '../../../src-shared/domain/context';
import { useContextStore } from '../../stores/context-store';
import '../../styles/detail.css';

const stars = (value: number) => value.toFixed(1).replace('.', ',');

/** Average stars over weeks, weighted by how many reviews each had; null without any. */
function averageOf(weeks: RatingWeek[]): number | null {
  const rated = weeks.filter((week) => week.average !== null && week.count > 0);
  const count = rated.reduce((sum, week) => sum + week.count, 0);
  return count === 0 ? null : rated.reduce((sum, week) => sum + week.average! * week.count, 0) / count;
}

/** The product in one line: name, seller's article, WB article, brand, and where its rating is heading. */
export function ProductCard({ detail }: { detail: InteractionDetail }) {
  const product = useContextStore((state) => (state.interactionId === detail.id ? state.product : null));
  if (!detail.productName && detail.nmId === null) return null;
  const weeks = product?.ratingTrend ?? [];
  const half = Math.floor(weeks.length / 2);
  const recent = averageOf(weeks.slice(half));
  const earlier = averageOf(weeks.slice(0, half));
  const delta = recent !== null && earlier !== null ? recent - earlier : null;
  return (
    <div className="product-card" data-testid="product-card">
      {detail.productName && <span className="product-card-name">{detail.productName}</span>}
      {detail.productArticle && <span className="muted">арт. {detail.productArticle}</span>}
      {detail.nmId !== null && <span className="muted">WB {detail.nmId}</span>}
      {detail.brand && <span>{detail.brand}</span>}
      {recent !== null && (
        <span
          data-testid="product-rating"
          title={`Средняя оценка за последние ${weeks.length - half} нед.${earlier !== null ? `, раньше ${stars(earlier)}` : ''}`}
        >
          ★ {stars(recent)}
          {delta !== null && Math.abs(delta) >= 0.05 && (
            <span className={delta < 0 ? 'trend-down' : 'trend-up'}>
              {' '}
              {delta < 0 ? '↓' : '↑'} {stars(Math.abs(delta))}
            </span>
          )}
        </span>
      )}
    </div>
  );
}
