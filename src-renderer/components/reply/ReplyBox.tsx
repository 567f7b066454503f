import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import type { Template } from '../../../src-shared/domain/settings';
import { isChatChannel, limitFor, replyLength } from '../../lib/reply-limits';
import { focusList, openNextAfterSend } from '../../lib/keyboard-actions';
import { fillTemplate } from '../../lib/template-fill';
import { composerOf, useComposerStore } from '../../stores/composer-store';
import { DraftInfo } from './DraftInfo';
import { ReplyError } from './ReplyError';
import { TemplatePicker } from './TemplatePicker';
import { GuardedTextarea } from './GuardedTextarea';
import { ViolationList } from './ViolationList';

/** Writing a reply: the text with its count and limit, live guardrails, drafts, templates, «Отправить». */
export function ReplyBox({ detail }: { detail: InteractionDetail }) {
  const composer = useComposerStore((state) => composerOf(state, detail.id));
  const setText = useComposerStore((state) => state.setText);
  const fill = useComposerStore((state) => state.fill);
  const generateDraft = useComposerStore((state) => state.generateDraft);
  const send = useComposerStore((state) => state.send);

  const limit = limitFor(detail.channel);
  const length = replyLength(composer.text);
  const empty = composer.text.trim() === '';
  // A result for older text is stale: until the fresh one arrives the send waits.
  const check = composer.check && composer.check.text === composer.text ? composer.check : null;
  const checking = !empty && check === null;
  const blocked = check?.blocked ?? false;
  const outOfLimit = length < limit.min || length > limit.max;
  const canSend = !empty && !checking && !blocked && !outOfLimit && !composer.sending;
  const isDemo = detail.source === 'demo';

  const pickTemplate = (template: Template) =>
    fill(detail.id, detail.channel, fillTemplate(template, detail), 'template', { templateTitle: template.title });
  // From the keyboard (Ctrl+Enter) the next item opens after the send; the undo toast can bring it back.
  const submit = (advance = false) => {
    if (!canSend) return;
    void send(detail.id).then((sent) => {
      if (sent && advance) openNextAfterSend(detail.id);
      // «Отправить» went with the box: focus to the list rather than nowhere.
      else if (sent) requestAnimationFrame(() => document.activeElement === document.body && focusList());
    });
  };

  return (
    <section className="detail-section reply-box" data-testid="reply-box">
      <div className="reply-box-head">
        <h3>{isChatChannel(detail.channel) ? 'Сообщение покупателю' : 'Публичный ответ'}</h3>
        <div className="reply-tools">
          <button
            type="button"
            className="btn btn-small"
            data-testid="draft-generate"
            disabled={composer.drafting}
            onClick={() => void generateDraft(detail.id, detail.channel, false)}
          >
            {composer.drafting ? 'Готовим…' : 'Черновик'}
          </button>
          {composer.draft && (
            <button
              type="button"
              className="btn btn-small"
              data-testid="draft-regenerate"
              disabled={composer.drafting}
              onClick={() => void generateDraft(detail.id, detail.channel, true)}
            >
              Другой вариант
            </button>
          )}
          <TemplatePicker detail={detail} onPick={pickTemplate} />
        </div>
      </div>
      {isDemo && (
        <div className="reply-note">
          Демо-магазин: черновики и проверку текста можно попробовать, но в WB ответ не уйдёт.
        </div>
      )}
      <GuardedTextarea
        violations={check?.violations ?? []}
        className={blocked ? 'reply-text blocked' : 'reply-text'}
        data-testid="reply-text"
        rows={isChatChannel(detail.channel) ? 3 : 5}
        placeholder={
          isChatChannel(detail.channel) ? 'Напишите покупателю…' : 'Ответ увидят все покупатели на странице товара'
        }
        value={composer.text}
        aria-invalid={blocked}
        onChange={(event) => setText(detail.id, detail.channel, event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            submit(true);
          }
        }}
      />
      <div className="reply-meta">
        <span className={length > limit.max ? 'reply-count over' : 'reply-count'} data-testid="reply-count">
          {length} / {limit.max}
        </span>
        <span className="muted">
          {limit.min > 1 ? `от ${limit.min} до ${limit.max} символов` : `до ${limit.max} символов`}
        </span>
        {checking && <span className="muted">проверяем текст…</span>}
      </div>
      <DraftInfo draft={composer.draft} templateTitle={composer.templateTitle} />
      {!empty && <ViolationList text={composer.text} violations={check?.violations ?? []} />}
      {composer.error && <ReplyError error={composer.error} demo={isDemo} />}
      <div className="reply-actions">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="reply-send"
          disabled={!canSend}
          onClick={() => submit()}
        >
          {composer.sending ? 'Отправляем…' : 'Отправить'}
        </button>
        {blocked && <span className="reply-blocked-hint">Исправьте отмеченное — с этим ответ не отправить.</span>}
        {!blocked && canSend && <span className="muted">Ctrl+Enter — отправить</span>}
      </div>
    </section>
  );
}
