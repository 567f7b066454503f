import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import { fullDateTime } from '../../lib/time';

/** Product and customer facts as a compact definition list; empty facts are left out. */
export function DetailFacts({ detail }: { detail: InteractionDetail }) {
  const facts: [string, string | number | null][] = [
    ['Товар', detail.productName],
    ['Артикул продавца', detail.productArticle],
    ['Артикул WB (nmId)', detail.nmId],
    ['Бренд', detail.brand],
    ['Покупатель', detail.customerName],
    ['Заказ', detail.orderId],
    ['Ответить до', detail.needsResponse && detail.slaDueAt ? fullDateTime(detail.slaDueAt) : null],
  ];
  const shown = facts.filter(([, value]) => value !== null && value !== '');
  if (shown.length === 0) return null;
  return (
    <dl className="facts">
      {shown.map(([label, value]) => (
        <div key={label} className="fact">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
