import type { DraftView } from '../../../src-shared/domain/outbox';
import { messageText } from '../../lib/message-text';

const PROVIDER_LABEL: Record<string, string> = {
  offline: 'шаблоны (без ИИ)',
  openai_compatible: 'ИИ',
};

/** Where the text in the box came from: the provider, the cache, a fallback to templates. */
export function DraftInfo({ draft, templateTitle }: { draft: DraftView | null; templateTitle: string | null }) {
  if (templateTitle) {
    return (
      <div className="draft-info" data-testid="draft-info">
        Из шаблона «{templateTitle}» — проверьте и при необходимости поправьте текст.
      </div>
    );
  }
  if (!draft) return null;
  const provider = PROVIDER_LABEL[draft.provider] ?? draft.provider;
  const parts = [`Черновик: ${provider}${draft.model ? ` (${draft.model})` : ''}`];
  if (draft.cached) parts.push('из кэша');
  const blocking = draft.violations.filter((violation) => violation.severity === 'block').length;
  return (
    <div className="draft-info" data-testid="draft-info" data-provider={draft.provider} data-cached={draft.cached}>
      <span>{parts.join(' · ')}</span>
      {draft.fellBack && (
        <span className="draft-fallback">
          ИИ не ответил{draft.reason ? ` (${messageText(draft.reason)})` : ''} — взят шаблон.
        </span>
      )}
      {blocking > 0 && (
        <span className="draft-fallback">В черновике есть недопустимые фразы — исправьте их перед отправкой.</span>
      )}
    </div>
  );
}
