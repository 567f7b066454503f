import { useEffect } from 'react';
import { useAppStore } from '../../stores/app-store';
import { useSettingsStore } from '../../stores/settings-store';
import { useTemplatesStore } from '../../stores/templates-store';
import { ErrorNotice } from '../common/ErrorNotice';
import { AiForm } from './AiForm';
import { AutoReplyForm } from './AutoReplyForm';
import { PendingWindowForm } from './PendingWindowForm';
import { SlaForm } from './SlaForm';
import { TemplatesManager } from './TemplatesManager';
import { ToneForm } from './ToneForm';
import { WorkingHoursForm } from './WorkingHoursForm';

/** Reply settings of the shop shown in the sidebar (the switcher there picks another one). */
export function ReplySettingsSection() {
  const account = useAppStore((state) => state.account);
  const settings = useSettingsStore((state) => (account && state.accountId === account.id ? state.settings : null));
  const loadError = useSettingsStore((state) => state.loadError);
  const load = useSettingsStore((state) => state.load);
  const loadTemplates = useTemplatesStore((state) => state.load);

  useEffect(() => {
    if (!account) return;
    void load(account.id);
    void loadTemplates(account.id);
  }, [account, load, loadTemplates]);

  if (!account) return null;
  return (
    <>
      <h2>Ответы — магазин «{account.name}»</h2>
      {account.isDemo && (
        <div className="muted">Демо-магазин: настройки можно попробовать, но в WB из него ничего не отправляется.</div>
      )}
      {loadError && (
        <ErrorNotice title="Не удалось загрузить настройки" error={loadError} onRetry={() => void load(account.id)} />
      )}
      {!settings && !loadError && <div className="list-state">Загрузка…</div>}
      {settings && (
        // Keyed by account: switching shops starts every form from that shop's saved values.
        <div className="settings-grid" key={account.id} data-testid="reply-settings">
          <PendingWindowForm settings={settings} />
          <SlaForm settings={settings} />
          <WorkingHoursForm settings={settings} accountName={account.name} />
          <ToneForm settings={settings} />
          <AiForm settings={settings} />
          <AutoReplyForm settings={settings} />
          <TemplatesManager accountId={account.id} />
        </div>
      )}
    </>
  );
}
