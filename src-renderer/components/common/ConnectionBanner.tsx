import { useAppStore } from '../../stores/app-store';

/** Only the host's WebSocket can drop; the bridge reconnects on its own, this just says so. */
export function ConnectionBanner() {
  const connection = useAppStore((state) => state.connection);
  if (connection !== 'offline') return null;
  return (
    <div className="connection-banner" role="status">
      Нет связи с приложением — переподключаемся…
    </div>
  );
}
