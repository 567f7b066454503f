import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import { CHANNEL_LABEL, intentLabel, statusLabel } from '../../lib/labels';
import { fullDateTime } from '../../lib/time';
import { useInboxStore } from '../../stores/inbox-store';
import { ChannelIcon } from '../common/ChannelIcon';
import { DemoBadge } from '../common/DemoBadge';
import { ErrorNotice } from '../common/ErrorNotice';
import { reasonsText } from '../../lib/message-text';
import { Highlighted } from '../common/Highlighted';
import { PriorityChip } from '../common/PriorityChip';
import { SlaChip } from '../common/SlaChip';
import { Stars } from '../common/Stars';
import { ReplySection } from '../reply/ReplySection';
import { AvitoItemCard, AvitoModePanel, avitoChatUrl } from './AvitoChatPanel';
import { BuyerHistory } from './BuyerHistory';
import { ChatHistory } from './ChatHistory';
import { DetailActions } from './DetailActions';
import { DetailFacts } from './DetailFacts';
import { DetailSnooze } from './DetailSnooze';
import { ProductCard } from './ProductCard';
import { ProductContextPanel } from './ProductContextPanel';
import { ReviewPhotos } from './ReviewPhotos';
import { ThreadTimeline } from './ThreadTimeline';

export function DetailPane() {
  const selectedId = useInboxStore((state) => state.selectedId);
  const detail = useInboxStore((state) => state.detail);
  const detailStatus = useInboxStore((state) => state.detailStatus);
  const detailError = useInboxStore((state) => state.detailError);
  const select = useInboxStore((state) => state.select);

  if (selectedId === null) {
    return (
      <aside className="detail detail-empty">
        <div className="list-state">Выберите обращение слева. Стрелки ↑/↓ переключают между ними.</div>
      </aside>
    );
  }
  // Show the previous item dimmed while the next one loads, so the pane does not flicker.
  const shown = detail && (detail.id === selectedId || detailStatus === 'loading') ? detail : null;
  return (
    <aside
      className={detailStatus === 'loading' ? 'detail loading' : 'detail'}
      data-testid="detail"
      aria-busy={detailStatus === 'loading'}
    >
      {detailStatus === 'error' && detailError && (
        <ErrorNotice title="Не удалось открыть обращение" error={detailError} onRetry={() => void select(selectedId)} />
      )}
      {!shown && detailStatus === 'loading' && <div className="list-state">Загрузка…</div>}
      {shown && <DetailBody detail={shown} />}
    </aside>
  );
}

function DetailBody({ detail }: { detail: InteractionDetail }) {
  // An Avito chat (issue 12): its item instead of WB's product card, its bot/manager mode, the chat.
  const avito = detail.marketplace === 'avito';
  return (
    <div className="detail-body">
      <header className="detail-header">
        <div className="detail-tags">
          <ChannelIcon channel={detail.channel} withLabel />
          <PriorityChip priority={detail.priority} reason={reasonsText(detail.priorityReason)} />
          <SlaChip
            needsResponse={detail.needsResponse}
            slaState={detail.slaState}
            slaDueAt={detail.slaDueAt}
            slaSoonAt={detail.slaSoonAt}
          />
          <span className={detail.needsResponse ? 'status status-open' : 'status status-done'}>
            {statusLabel(detail.needsResponse)}
          </span>
          {detail.source === 'demo' && <DemoBadge />}
        </div>
        <h2>{detail.customerName || 'Покупатель'}</h2>
        <div className="muted">
          {CHANNEL_LABEL[detail.channel]} · {fullDateTime(detail.occurredAt)}
        </div>
        {detail.priorityReason.length > 0 && <div className="detail-reason">{reasonsText(detail.priorityReason)}</div>}
        <DetailActions detail={detail}>
          <DetailSnooze detail={detail} />
        </DetailActions>
      </header>

      {avito ? <AvitoItemCard detail={detail} /> : <ProductCard detail={detail} />}
      {avito && detail.avito && <AvitoModePanel detail={detail} />}

      <DetailFacts detail={detail} />

      {detail.channel === 'chat' || avito ? (
        <ChatHistory
          messages={detail.messages}
          customerName={detail.customerName}
          highlights={detail.highlights?.messages}
          {...(avito ? { avitoChatUrl: avitoChatUrl(detail.externalId) } : {})}
        />
      ) : (
        <section className="detail-section">
          {detail.rating !== null && <Stars rating={detail.rating} large />}
          {detail.channel === 'question' && detail.intent && (
            <div className="muted">Тема: {intentLabel(detail.intent)}</div>
          )}
          <p className="detail-text">
            {detail.text ? (
              <Highlighted text={detail.text} ranges={detail.highlights?.text} />
            ) : (
              <span className="muted">Покупатель не оставил текста</span>
            )}
          </p>
          {detail.pros && (
            <div className="pros-cons">
              <h4>Достоинства</h4>
              <p>
                <Highlighted text={detail.pros} ranges={detail.highlights?.pros} />
              </p>
            </div>
          )}
          {detail.cons && (
            <div className="pros-cons">
              <h4>Недостатки</h4>
              <p>
                <Highlighted text={detail.cons} ranges={detail.highlights?.cons} />
              </p>
            </div>
          )}
          <ReviewPhotos interactionId={detail.id} initial={detail.photos} />
        </section>
      )}

      <ThreadTimeline detail={detail} />

      <ReplySection detail={detail} />

      <ProductContextPanel interactionId={detail.id} />
      <BuyerHistory interactionId={detail.id} />
    </div>
  );
}
