import { useEffect } from 'react';
import { messageText } from '../../lib/message-text';
import { useAnalyticsStore } from '../../stores/analytics-store';
import { useAppStore } from '../../stores/app-store';

/** The number of analytics alerts of every shop (SLA, manual replies, negative reviews, sync health); opens «Аналитика». */
export function AnalyticsAlertCount() {
  const alerts = useAnalyticsStore((state) => state.alerts);
  const loadAlerts = useAnalyticsStore((state) => state.loadAlerts);
  const setScreen = useAppStore((state) => state.setScreen);
  useEffect(() => {
    void loadAlerts();
  }, [loadAlerts]);
  if (alerts.length === 0) return null;
  const text = alerts.map((alert) => messageText(alert.message)).join('\n');
  return (
    <button
      type="button"
      className="alert-count"
      data-testid="analytics-alert-count"
      title={text}
      aria-label={`Сигналы аналитики: ${alerts.length}`}
      onClick={() => setScreen('analytics')}
    >
      {alerts.length}
    </button>
  );
}
