import { isChatChannel } from '../../lib/reply-limits';
import type { ReactNode } from 'react';
import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import { composerOf, useComposerStore } from '../../stores/composer-store';
import '../../styles/detail.css';

/** The composer's textarea (one element, stable test id): «Ответить» puts the cursor there. */
const focusComposer = () => {
  const field = document.querySelector<HTMLTextAreaElement>('[data-testid="reply-text"]');
  if (!field) return false;
  field.focus();
  field.scrollIntoView({ block: 'nearest' });
  return true;
};

/**
 * The detail's quick actions in one row. Other actions (snooze «Отложить», issue 11 item 4) join
 * it as children, so every action on the open item is in one place.
 */
export function DetailActions({ detail, children }: { detail: InteractionDetail; children?: ReactNode }) {
  const drafting = useComposerStore((state) => composerOf(state, detail.id).drafting);
  const generateDraft = useComposerStore((state) => state.generateDraft);
  const canReply = isChatChannel(detail.channel) || detail.needsResponse;
  return (
    <div className="detail-actions" role="toolbar" aria-label="Действия с обращением" data-testid="detail-actions">
      {canReply && (
        <>
          <button type="button" className="btn btn-small" data-testid="action-reply" onClick={focusComposer}>
            Ответить
          </button>
          <button
            type="button"
            className="btn btn-small"
            data-testid="action-draft"
            disabled={drafting}
            onClick={() => {
              void generateDraft(detail.id, detail.channel, false);
              focusComposer();
            }}
          >
            {drafting ? 'Готовим черновик…' : 'Черновик ИИ'}
          </button>
        </>
      )}
      {children}
    </div>
  );
}
