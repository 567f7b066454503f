import { useSettingsStore } from '../../stores/settings-store';
import { useTemplatesStore } from '../../stores/templates-store';

const SKIP_LABEL: Record<string, string> = {
  kill_switch: 'аварийная остановка',
  disabled: 'автоответы выключены',
  rating_not_selected: 'оценка не выбрана',
  not_positive: 'в отзыве есть негатив',
  daily_cap_reached: 'достигнут лимит в день',
  no_template: 'нет подходящего одобренного шаблона',
  guardrails_blocked: 'текст не прошёл проверку',
};

/** «Проверить (пробный запуск)»: what the saved rules would send now; nothing goes to WB. */
export function AutoReplyDryRun() {
  const { runAutoReplyDry, dryRun, dryRunning, saveError } = useSettingsStore();
  const builtin = useTemplatesStore((state) => state.builtin);
  const custom = useTemplatesStore((state) => state.custom);
  const templates = [...custom, ...builtin];
  const titleOf = (id: string) => templates.find((template) => template.id === id)?.title ?? id;
  const skipped = dryRun ? Object.entries(dryRun.skipped).filter(([, count]) => count > 0) : [];
  return (
    <div className="dry-run">
      <button
        type="button"
        className="btn btn-small"
        data-testid="auto-reply-dry-run"
        disabled={dryRunning}
        onClick={() => void runAutoReplyDry()}
      >
        {dryRunning ? 'Проверяем…' : 'Проверить (пробный запуск)'}
      </button>
      <span className="muted">по сохранённым настройкам; в WB ничего не отправляется</span>
      {saveError.autoReplyRun && <div className="form-error">{saveError.autoReplyRun.message}</div>}
      {dryRun && (
        <div className="dry-run-result" data-testid="auto-reply-dry-result">
          <strong>
            {dryRun.planned.length
              ? `Было бы отправлено: ${dryRun.planned.length}`
              : 'Сейчас ничего не было бы отправлено'}
          </strong>
          <ul>
            {dryRun.planned.slice(0, 20).map((plan) => (
              <li key={plan.interactionId}>
                <span className="muted">«{titleOf(plan.templateId)}» →</span> {plan.text}
              </li>
            ))}
          </ul>
          {dryRun.planned.length > 20 && <div className="muted">…и ещё {dryRun.planned.length - 20}</div>}
          {skipped.length > 0 && (
            <div className="muted">
              Пропущено: {skipped.map(([reason, count]) => `${SKIP_LABEL[reason] ?? reason} — ${count}`).join('; ')}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
