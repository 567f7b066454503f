import { fullDateTime, relativeTime } from '../../lib/time';
import { useContextStore } from '../../stores/context-store';
import { useInboxStore } from '../../stores/inbox-store';
import { ChannelIcon } from '../common/ChannelIcon';
import { Stars } from '../common/Stars';

const EXCERPT = 100;
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT).trimEnd()}…` : text);

/** The buyer's other items, found by WB's buyer id or the order (never by name). */
export function BuyerHistory({ interactionId }: { interactionId: number }) {
  const buyer = useContextStore((state) => (state.interactionId === interactionId ? state.buyer : null));
  const select = useInboxStore((state) => state.select);
  if (!buyer || buyer.scope === 'none' || buyer.items.length === 0) return null;
  return (
    <details className="detail-section context-panel" data-testid="buyer-history">
      <summary>
        <h3>Другие обращения покупателя</h3>
        <span className="muted">
          {buyer.scope === 'customer' ? 'по покупателю WB' : 'по заказу'}: {buyer.items.length}
        </span>
      </summary>
      <ul className="context-list">
        {buyer.items.map((item) => (
          <li key={item.id}>
            <button type="button" className="link-button" onClick={() => void select(item.id)}>
              <ChannelIcon channel={item.channel} />{' '}
              <span className="muted" title={fullDateTime(item.occurredAt)}>
                {relativeTime(item.occurredAt)}
              </span>{' '}
              {item.productName && <span className="muted">{item.productName} · </span>}
              {item.rating !== null && <Stars rating={item.rating} />} {excerpt(item.text) || 'без текста'}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
