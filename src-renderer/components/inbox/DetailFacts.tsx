import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import { fullDateTime } from '../../lib/time';

interface Fact {
  label: string;
  value: string | number | null;
  danger?: boolean;
}

/** Customer and order facts as a compact definition list (the product is in ProductCard); empty facts are left out. */
export function DetailFacts({ detail }: { detail: InteractionDetail }) {
  const due = detail.needsResponse && detail.slaDueAt ? detail.slaDueAt : null;
  const overdue = due !== null && Date.parse(due) < Date.now();
  const facts: Fact[] = [
    { label: 'Покупатель', value: detail.customerName },
    { label: 'Заказ', value: detail.orderId },
    { label: 'Ответить до', value: due && `${fullDateTime(due)}${overdue ? ' — просрочено' : ''}`, danger: overdue },
  ];
  const shown = facts.filter((fact) => fact.value !== null && fact.value !== '');
  if (shown.length === 0) return null;
  return (
    <dl className="facts">
      {shown.map((fact) => (
        <div key={fact.label} className={fact.danger ? 'fact fact-overdue' : 'fact'}>
          <dt>{fact.label}</dt>
          <dd>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}
