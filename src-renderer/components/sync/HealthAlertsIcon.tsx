import type { HealthAlert } from '../../../src-shared/domain/sync';
import { alertText } from '../../lib/alerts';

/** Health alerts are advisory: a quiet icon whose tooltip lists them (settings shows the full list). */
export function HealthAlertsIcon({ alerts }: { alerts: HealthAlert[] }) {
  const text = alerts.map(alertText).join('\n');
  return (
    <span
      className="alert-icon"
      data-testid="sync-alerts"
      title={text}
      aria-label={`Предупреждения: ${text}`}
      role="img"
    >
      <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
        <path d="M8 1.5 15 14H1zM7.3 6v4h1.4V6zm0 5.2v1.4h1.4v-1.4z" fill="currentColor" />
      </svg>
    </span>
  );
}
