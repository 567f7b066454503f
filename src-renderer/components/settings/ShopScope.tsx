import { useEffect, type ReactNode } from 'react';
import type { AccountView } from '../../../src-shared/domain/account';
import { useSettingsStore, type SettingsView } from '../../stores/settings-store';
import { useTemplatesStore } from '../../stores/templates-store';
import { ErrorNotice } from '../common/ErrorNotice';

/** «Магазин: …» over every per-shop setting, with a picker when there are several shops. */
export function ShopScope({
  shops,
  shop,
  onChange,
}: {
  shops: AccountView[];
  shop: AccountView;
  onChange(id: number): void;
}) {
  return (
    <div className="settings-scope" data-testid="settings-scope">
      <span className="muted">Магазин:</span>
      {shops.length > 1 ? (
        <select
          aria-label="Магазин"
          data-testid="settings-shop"
          value={shop.id}
          onChange={(event) => onChange(Number(event.target.value))}
        >
          {shops.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
              {candidate.isDemo ? ' (демо)' : ''}
              {!candidate.connected ? ' (отключён)' : ''}
            </option>
          ))}
        </select>
      ) : (
        <strong>{shop.name}</strong>
      )}
    </div>
  );
}

/** «Для всех магазинов»: over settings of the app as a whole. */
export function AppScope() {
  return (
    <div className="settings-scope muted" data-testid="settings-scope-app">
      Для всех магазинов
    </div>
  );
}

/** Loads the shop's settings document (and templates) and renders the forms once it is there. */
export function ShopSettings({ shop, children }: { shop: AccountView; children(settings: SettingsView): ReactNode }) {
  const settings = useSettingsStore((state) => (state.accountId === shop.id ? state.settings : null));
  const loadError = useSettingsStore((state) => state.loadError);
  const load = useSettingsStore((state) => state.load);
  const loadTemplates = useTemplatesStore((state) => state.load);
  useEffect(() => {
    void load(shop.id);
    void loadTemplates(shop.id);
  }, [shop.id, load, loadTemplates]);

  return (
    <>
      {shop.isDemo && (
        <div className="muted">Демо-магазин: настройки можно попробовать, но в WB из него ничего не отправляется.</div>
      )}
      {loadError && (
        <ErrorNotice title="Не удалось загрузить настройки" error={loadError} onRetry={() => void load(shop.id)} />
      )}
      {!settings && !loadError && <div className="list-state">Загрузка…</div>}
      {settings && (
        // Keyed by shop: switching shops starts every form from that shop's saved values.
        <div className="settings-grid" key={shop.id} data-testid="reply-settings">
          {children(settings)}
        </div>
      )}
    </>
  );
}
