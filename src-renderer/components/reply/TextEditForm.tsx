import { useState } from 'react';
import type { Channel } from '../../../src-shared/domain/interaction';
import { limitFor, replyLength } from '../../lib/reply-limits';

interface Props {
  initial: string;
  channel: Channel;
  label: string;
  submitLabel: string;
  busy: boolean;
  testId?: string;
  hint?: string;
  onSubmit(text: string): Promise<boolean>;
  onCancel(): void;
}

/** A small inline editor: a failed reply's new text, an edit of the WB answer, a rejection reason. */
export function TextEditForm({ initial, channel, label, submitLabel, busy, testId, hint, onSubmit, onCancel }: Props) {
  const [text, setText] = useState(initial);
  const limit = limitFor(channel);
  const length = replyLength(text);
  const valid = length >= limit.min && length <= limit.max;
  return (
    <form
      className="edit-form"
      data-testid={testId}
      onSubmit={(event) => {
        event.preventDefault();
        // Guardrails run in core on submit; its refusal is shown by the caller and the text stays.
        if (valid) void onSubmit(text).then((done) => done && onCancel());
      }}
    >
      <label className="edit-form-label">{label}</label>
      {hint && <div className="muted">{hint}</div>}
      <textarea
        className="reply-text"
        data-testid="edit-text"
        rows={4}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          // Ctrl+Enter (⌘+Enter) saves, as it sends from the composer.
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            event.currentTarget.form?.requestSubmit();
          }
        }}
        autoFocus
      />
      <div className="reply-actions">
        <button type="submit" className="btn btn-primary btn-small" data-testid="edit-submit" disabled={!valid || busy}>
          {submitLabel}
        </button>
        <button type="button" className="btn btn-small" onClick={onCancel}>
          Отмена
        </button>
        <span className="muted">
          {length} / {limit.max}
        </span>
      </div>
    </form>
  );
}
