import { useState, type ReactNode } from 'react';
import type { AccountView } from '../../../src-shared/domain/account';
import { useAppStore } from '../../stores/app-store';
import { AiForm } from './AiForm';
import { AiTestButton } from './AiTestButton';
import { AutoReplyForm } from './AutoReplyForm';
import { AvitoBotForm } from './AvitoBotForm';
import { NotificationsSection } from './NotificationsForm';
import { ConnectionsSection } from './ConnectionsSection';
import { DataAndBackups, LoginItemForm, ThemeForm } from './GeneralAppSettings';
import { PendingWindowForm } from './PendingWindowForm';
import { AppScope, ShopScope, ShopSettings } from './ShopScope';
import { SlaForm } from './SlaForm';
import { SyncIntervalForm } from './SyncIntervalForm';
import { TemplatesManager } from './TemplatesManager';
import { ToneForm } from './ToneForm';
import { WorkingHoursForm } from './WorkingHoursForm';
import '../../styles/settings.css';

export const SETTINGS_SECTIONS = [
  { id: 'connections', title: 'Подключения' },
  { id: 'ai', title: 'AI-ассистент' },
  { id: 'templates', title: 'Шаблоны' },
  { id: 'sla', title: 'SLA и рабочие часы' },
  { id: 'autoreply', title: 'Автоответы' },
  { id: 'notifications', title: 'Уведомления' },
  { id: 'avitobot', title: 'Avito-бот' },
  { id: 'general', title: 'Общие' },
] as const;
export type SettingsSectionId = (typeof SETTINGS_SECTIONS)[number]['id'];

/** The section shown last: coming back to «Настройки» opens it again (this window only). */
let lastSection: SettingsSectionId = 'connections';

export function SettingsScreen() {
  const accounts = useAppStore((state) => state.accounts);
  const current = useAppStore((state) => state.account);
  const [section, setSection] = useState<SettingsSectionId>(lastSection);
  // Per-shop sections start at the shop shown in the inbox; the picker here changes only this screen.
  const [shopId, setShopId] = useState<number | null>(current?.id ?? null);
  const shop = accounts.find((account) => account.id === shopId) ?? current ?? accounts[0] ?? null;
  const open = (id: SettingsSectionId) => {
    lastSection = id;
    setSection(id);
  };
  const title = SETTINGS_SECTIONS.find((candidate) => candidate.id === section)!.title;

  const perShop = (render: (shop: AccountView) => ReactNode) =>
    shop ? (
      <>
        <ShopScope shops={accounts} shop={shop} onChange={setShopId} />
        {render(shop)}
      </>
    ) : (
      <div className="muted">Нет подключённых магазинов.</div>
    );

  return (
    <section className="page settings-page" data-testid="settings">
      <h1>Настройки</h1>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Разделы настроек">
          {SETTINGS_SECTIONS.map((candidate) => (
            <button
              key={candidate.id}
              type="button"
              className={candidate.id === section ? 'settings-nav-item active' : 'settings-nav-item'}
              aria-current={candidate.id === section ? 'page' : undefined}
              data-testid={`settings-nav-${candidate.id}`}
              onClick={() => open(candidate.id)}
            >
              {candidate.title}
            </button>
          ))}
        </nav>
        <div className="settings-body" data-testid={`settings-section-${section}`}>
          <h2>{title}</h2>
          {section === 'connections' && <ConnectionsSection />}
          {section === 'ai' &&
            perShop((shop) => (
              <ShopSettings shop={shop}>
                {(settings) => (
                  <>
                    <AiForm settings={settings} />
                    <AiTestButton accountId={shop.id} />
                    <ToneForm settings={settings} />
                  </>
                )}
              </ShopSettings>
            ))}
          {section === 'templates' &&
            perShop((shop) => (
              <ShopSettings shop={shop}>{() => <TemplatesManager accountId={shop.id} />}</ShopSettings>
            ))}
          {section === 'sla' &&
            perShop((shop) => (
              <ShopSettings shop={shop}>
                {(settings) => (
                  <>
                    <SlaForm settings={settings} />
                    <WorkingHoursForm settings={settings} accountName={shop.name} />
                  </>
                )}
              </ShopSettings>
            ))}
          {section === 'autoreply' &&
            perShop((shop) => (
              <ShopSettings shop={shop}>{(settings) => <AutoReplyForm settings={settings} />}</ShopSettings>
            ))}
          {section === 'avitobot' &&
            (shop?.marketplace === 'avito' ? (
              perShop((avito) => (
                <ShopSettings shop={avito}>
                  {(settings) => <AvitoBotForm key={avito.id} settings={settings} accountName={avito.name} />}
                </ShopSettings>
              ))
            ) : (
              <>
                {shop && <ShopScope shops={accounts} shop={shop} onChange={setShopId} />}
                <div className="muted" data-testid="avito-bot-not-avito">
                  Бот работает в чатах Avito: выберите аккаунт Avito или добавьте его в «Подключениях».
                </div>
              </>
            ))}
          {section === 'notifications' && (
            <div className="settings-slot">
              <NotificationsSection />
            </div>
          )}
          {section === 'general' && (
            <>
              {perShop((shop) => (
                <ShopSettings shop={shop}>
                  {(settings) => (
                    <>
                      <PendingWindowForm settings={settings} />
                      <SyncIntervalForm settings={settings} />
                    </>
                  )}
                </ShopSettings>
              ))}
              <AppScope />
              <div className="settings-grid">
                <ThemeForm />
                <LoginItemForm />
                <DataAndBackups />
              </div>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
