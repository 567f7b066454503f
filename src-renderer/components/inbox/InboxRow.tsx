import { memo } from 'react';
import type { InteractionSummary } from '../../../src-shared/domain/interaction';
import { SNIPPET_SOURCE_LABEL, statusLabel } from '../../lib/labels';
import { fullDateTime, relativeTime } from '../../lib/time';
import { ChannelIcon } from '../common/ChannelIcon';
import { DemoBadge } from '../common/DemoBadge';
import { reasonsText } from '../../lib/message-text';
import { Highlighted } from '../common/Highlighted';
import { PriorityChip } from '../common/PriorityChip';
import { Stars } from '../common/Stars';
import { ReplyBadge } from '../reply/ReplyBadge';
import { RowSla } from './RowSla';
import { RowSelect, SnoozeMark } from './RowSnoozeParts';

interface Props {
  item: InteractionSummary;
  selected: boolean;
  onSelect: (id: number) => void;
  /** «Все магазины»: the shop the item belongs to. */
  shopName?: string | undefined;
}

// Memoised: a list of hundreds re-renders on every selection change otherwise.
export const InboxRow = memo(function InboxRow({ item, selected, onSelect, shopName }: Props) {
  const classes = ['row', selected ? 'selected' : '', item.needsResponse ? 'unanswered' : ''].filter(Boolean).join(' ');
  return (
    <div
      id={`row-${item.id}`}
      className={classes}
      role="option"
      aria-selected={selected}
      data-testid="inbox-item"
      data-channel={item.channel}
      data-id={item.id}
      onClick={() => onSelect(item.id)}
    >
      <div className="row-top">
        <RowSelect id={item.id} />
        <ChannelIcon channel={item.channel} withLabel />
        <span className="row-customer">{item.customerName || 'Покупатель'}</span>
        {item.rating !== null && item.channel === 'review' && <Stars rating={item.rating} />}
        <span className="row-time" title={fullDateTime(item.occurredAt)}>
          {relativeTime(item.occurredAt)}
        </span>
      </div>
      {(item.productName || shopName) && (
        <div className="row-product">
          {shopName && (
            <span className="row-shop" data-testid="row-shop">
              {shopName}
            </span>
          )}
          {item.productName}
        </div>
      )}
      {item.snippet ? (
        <div className="row-text row-snippet" data-testid="search-snippet">
          {SNIPPET_SOURCE_LABEL[item.snippet.source] && (
            <span className="muted">{SNIPPET_SOURCE_LABEL[item.snippet.source]}: </span>
          )}
          <Highlighted text={item.snippet.text} ranges={item.snippet.ranges} />
        </div>
      ) : (
        <div className="row-text">{item.text || <span className="muted">Без текста</span>}</div>
      )}
      <div className="row-bottom">
        <PriorityChip priority={item.priority} reason={reasonsText(item.priorityReason)} />
        {/* An Avito chat's marker and mode, early in the line: the end of a narrow row is cut off. */}
        {item.marketplace === 'avito' && item.source !== 'demo' && (
          <span
            className={`badge badge-avito row-avito-mode-${item.avitoMode ?? 'none'}`}
            data-testid="row-avito"
            title={item.avitoMode === 'bot' ? 'Чат Avito: отвечает бот' : 'Чат Avito: отвечает менеджер'}
          >
            Avito
            {item.avitoMode && (
              <span data-testid="row-avito-mode" data-mode={item.avitoMode}>
                {' · '}
                {item.avitoMode === 'bot' ? 'Бот' : 'Менеджер'}
              </span>
            )}
          </span>
        )}
        <RowSla
          needsResponse={item.needsResponse}
          slaState={item.slaState}
          slaDueAt={item.slaDueAt}
          slaSoonAt={item.slaSoonAt}
        />
        <span className={item.needsResponse ? 'status status-open' : 'status status-done'}>
          {statusLabel(item.needsResponse)}
        </span>
        <ReplyBadge state={item.replyState} overdue={item.replyOverdue} />

        {item.linkedCount !== undefined && item.linkedCount > 0 && (
          <span
            className="badge badge-muted row-linked"
            data-testid="row-linked"
            title={`Связанные обращения: ${item.linkedCount} (история покупателя или заказа)`}
          >
            Связи: {item.linkedCount}
          </span>
        )}
        {item.source === 'demo' ? (
          <DemoBadge testId="demo-badge" />
        ) : item.marketplace === 'avito' ? null : (
          <span className="badge badge-muted row-source" title="Получено через API Wildberries">
            WB API
          </span>
        )}
        {/* Only snoozed rows mount the mark (and its clock): the rest of a scrolled list has none. */}
        {item.snoozedUntil !== null && <SnoozeMark snoozedUntil={item.snoozedUntil} />}
      </div>
    </div>
  );
});
