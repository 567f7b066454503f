import { isChatChannel } from '../../lib/reply-limits';
import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import { currentEntry, useOutboxStore } from '../../stores/outbox-store';
import { ErrorNotice } from '../common/ErrorNotice';
import { PublishedAnswer } from './PublishedAnswer';
import { QuestionReject } from './QuestionReject';
import { ReplyBox } from './ReplyBox';
import { ReplyStatus } from './ReplyStatus';

/** States in which a reply is still on its way (or stuck): no second answer may be written meanwhile. */
const UNFINISHED = new Set(['queued', 'sending', 'sent_pending', 'failed', 'conflict']);

/** Everything about answering the open item: our reply's state, WB's answer, the reply box. */
export function ReplySection({ detail }: { detail: InteractionDetail }) {
  const entries = useOutboxStore((state) => (state.interactionId === detail.id ? state.entries : null));
  const loadError = useOutboxStore((state) => state.loadError);
  const reload = useOutboxStore((state) => state.reload);
  if (entries === null) return null;

  const current = currentEntry(entries);
  const unfinished = current !== null && UNFINISHED.has(current.state);
  const isChat = isChatChannel(detail.channel);
  const wbAnswer = !isChat && detail.lastReplyText !== null && current?.state !== 'conflict';
  // A confirmed answer is shown with WB's text; everything else gets its own state panel.
  const showStatus = current !== null && !(wbAnswer && current.state === 'confirmed');
  // One answer per review/question: any reply not withdrawn (even a failed one, editable above) holds the place.
  const canWrite = isChat || (!wbAnswer && current === null && detail.status !== 'closed');

  return (
    <>
      {loadError && (
        <ErrorNotice
          title="Не удалось узнать состояние ответа"
          error={loadError}
          onRetry={() => void reload()}
          compact
        />
      )}
      {showStatus && <ReplyStatus entry={current} detail={detail} />}
      {wbAnswer && (
        <PublishedAnswer
          detail={detail}
          confirmed={current?.state === 'confirmed' ? current : null}
          busyReply={unfinished}
        />
      )}
      {canWrite && <ReplyBox detail={detail} />}
      {canWrite && detail.channel === 'question' && <QuestionReject detail={detail} />}
    </>
  );
}
