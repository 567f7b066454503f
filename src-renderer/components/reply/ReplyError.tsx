import type { UiError } from '../../lib/ui-error';

/**
 * Core's refusal, in its own words. In the demo shop a refused send is expected (nothing goes to
 * WB from there), so it reads as a note, not as an alarm.
 */
export function ReplyError({ error, demo }: { error: UiError; demo?: boolean }) {
  const expected = demo && (error.code === 'demo_no_replies' || error.code === 'demo_no_auto_replies');
  return (
    <div
      className={expected ? 'reply-error reply-error-info' : 'reply-error'}
      data-testid="reply-error"
      role={expected ? 'status' : 'alert'}
    >
      {error.message}
    </div>
  );
}
