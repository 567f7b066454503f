import { useEffect, useState, type ReactNode } from 'react';
import type { AccountView } from '../../../src-shared/domain/account';
import type { IpcResult } from '../../../src-shared/ipc/errors';
import type { CoreMessage } from '../../../src-shared/messages/catalog';
import { alertText } from '../../lib/alerts';
import { messageText } from '../../lib/message-text';
import { fullDateTime } from '../../lib/time';
import type { UiError } from '../../lib/ui-error';
import { bridge } from '../../bridge';
import { useAppStore } from '../../stores/app-store';
import { settle, type Outcome } from '../../stores/call';
import { useConnectStore } from '../../stores/connect-store';
import { lastSuccessAt, useSyncStore } from '../../stores/sync-store';
import { AvitoBadge } from '../common/AvitoBadge';
import { DemoBadge } from '../common/DemoBadge';

/** What each token scope (core wb/token.ts tokenScopes) opens, in the seller's words. */
const SCOPE_LABEL: Record<string, string> = {
  feedbacks_questions: 'Вопросы и отзывы',
  buyer_chat: 'Чат с покупателями',
  read_only: 'Только чтение',
};

const DAY_MS = 86_400_000;

function expiryText(iso: string | null, now = new Date()): { text: string; tone: 'ok' | 'warn' | 'danger' } {
  if (!iso) return { text: 'срок действия не указан в токене', tone: 'ok' };
  const days = Math.floor((Date.parse(iso) - now.getTime()) / DAY_MS);
  if (days < 0) return { text: `истёк ${fullDateTime(iso)}`, tone: 'danger' };
  const text = `действует до ${fullDateTime(iso)} (осталось ${days} дн.)`;
  return { text, tone: days <= 14 ? 'warn' : 'ok' };
}

/**
 * «Подключения»: every shop with its token's expiry and categories (decoded by core from the token;
 * the token itself never reaches the window), its last sync, «Заменить токен» and «Удалить магазин».
 */
export function ConnectionsSection() {
  const accounts = useAppStore((state) => state.accounts);
  const openConnect = useConnectStore((state) => state.openDialog);
  const [replacing, setReplacing] = useState<AccountView | null>(null);
  const [removing, setRemoving] = useState<AccountView | null>(null);
  const [addingAvito, setAddingAvito] = useState(false);
  return (
    <>
      <div className="settings-scope muted">Каждый магазин — со своим токеном WB или ключом API Avito</div>
      <ul className="accounts connections">
        {accounts.map((account) => (
          <AccountItem
            key={account.id}
            account={account}
            onReplace={() => setReplacing(account)}
            onRemove={() => setRemoving(account)}
          />
        ))}
      </ul>
      <div>
        <button type="button" className="btn btn-primary" data-testid="open-connect-wb" onClick={openConnect}>
          Подключить WB
        </button>
        <span className="muted"> Новый токен того же продавца заменит старый.</span>
      </div>
      <div>
        <button type="button" className="btn" data-testid="open-connect-avito" onClick={() => setAddingAvito(true)}>
          Добавить Avito
        </button>
        <span className="muted"> Чаты с покупателями Avito — в том же списке, что и WB.</span>
      </div>
      {addingAvito && <AvitoConnectDialog onClose={() => setAddingAvito(false)} />}
      {replacing && <ReplaceTokenDialog account={replacing} onClose={() => setReplacing(null)} />}
      {removing && <RemoveShopDialog account={removing} onClose={() => setRemoving(null)} />}
    </>
  );
}

function AccountItem({ account, onReplace, onRemove }: { account: AccountView; onReplace(): void; onRemove(): void }) {
  if (account.marketplace === 'avito') return <AvitoAccountItem account={account} onRemove={onRemove} />;
  const status = useSyncStore((state) => state.status[account.id]);
  const last = lastSuccessAt(status);
  const expiry = expiryText(account.tokenExpiresAt);
  const scopes = account.tokenScopes.map((scope) => SCOPE_LABEL[scope] ?? scope);
  return (
    <li className="account-item" data-testid="settings-account">
      <div className="account-item-head">
        <strong>{account.name}</strong>
        {account.isDemo && <DemoBadge />}
        {account.tokenReadOnly && <span className="badge badge-muted">Только чтение</span>}
        {!account.connected && (
          <span className="badge badge-muted" data-testid="account-disconnected">
            Отключён
          </span>
        )}
      </div>
      {account.isDemo && <div className="muted">Демо-данные: без токена, в WB ничего не отправляется.</div>}
      {!account.isDemo && !account.connected && (
        <div className="muted">
          Токен удалён: магазин не синхронизируется и не отправляет ответы, история остаётся для просмотра. Чтобы
          подключить его снова, укажите новый токен этого продавца.
        </div>
      )}
      {!account.isDemo && account.connected && (
        <dl className="connection-facts">
          <div>
            <dt>Токен</dt>
            <dd className={`tone-${expiry.tone}`} data-testid="token-expiry">
              {expiry.text}
            </dd>
          </div>
          <div>
            <dt>Доступ</dt>
            <dd data-testid="token-scopes">{scopes.length ? scopes.join(', ') : 'нет категорий'}</dd>
          </div>
          <div>
            <dt>Синхронизация</dt>
            <dd>{last ? `последняя успешная ${fullDateTime(last)}` : 'ещё не было'}</dd>
          </div>
        </dl>
      )}
      {status && status.alerts.length > 0 && (
        <ul className="health-alerts" data-testid="health-alerts">
          {status.alerts.map((alert) => (
            <li key={`${alert.kind}-${alert.channel}`}>{alertText(alert)}</li>
          ))}
        </ul>
      )}
      {account.fromEnv ? (
        <div className="muted">Подключён через AGENTIQ_WB_TOKEN: токен меняется в переменной окружения.</div>
      ) : (
        <div className="connection-actions">
          {!account.isDemo && (
            <button type="button" className="btn btn-small" data-testid="replace-token" onClick={onReplace}>
              {account.connected ? 'Заменить токен' : 'Подключить снова'}
            </button>
          )}
          <button type="button" className="btn btn-small btn-danger" data-testid="remove-shop" onClick={onRemove}>
            Удалить магазин
          </button>
        </div>
      )}
    </li>
  );
}

/**
 * The frame both shop dialogs share: a modal over a backdrop, titled; Escape or a click on the
 * backdrop closes it, except while its request runs (`busy`).
 */
function DialogFrame({
  id,
  title,
  busy,
  onClose,
  children,
}: {
  /** Names the dialog: `${id}-title` labels it, `${id}-dialog` is its test id. */
  id: 'replace' | 'remove' | 'avito-connect';
  title: string;
  busy: boolean;
  onClose(): void;
  children: ReactNode;
}) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !busy) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, busy]);
  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && !busy && onClose()}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        data-testid={`${id}-dialog`}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/** A dialog's one request to core: `busy` while it runs, and its failure kept as `error` to show. */
function useDialogRequest() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const request = async <T,>(pending: Promise<IpcResult<T>>): Promise<Outcome<T>> => {
    setBusy(true);
    setError(null);
    const outcome = await settle(pending);
    setBusy(false);
    if (!outcome.ok) setError(outcome.error);
    return outcome;
  };
  return { busy, error, request };
}

function ReplaceTokenDialog({ account, onClose }: { account: AccountView; onClose(): void }) {
  const [token, setToken] = useState('');
  const { busy, error, request } = useDialogRequest();
  const [warnings, setWarnings] = useState<CoreMessage[] | null>(null);
  const loadAccounts = useAppStore((state) => state.loadAccounts);
  const submit = async () => {
    const outcome = await request(bridge['accounts.replaceToken']({ accountId: account.id, token }));
    if (!outcome.ok) return;
    setToken('');
    await loadAccounts();
    if (outcome.value.warnings.length === 0) onClose();
    else setWarnings(outcome.value.warnings);
  };
  return (
    <DialogFrame id="replace" title={`Новый токен для «${account.name}»`} busy={busy} onClose={onClose}>
      {warnings ? (
        <>
          <p data-testid="replace-done">Токен заменён.</p>
          <ul className="health-alerts">
            {warnings.map((warning) => (
              <li key={warning.code}>{messageText(warning)}</li>
            ))}
          </ul>
          <div className="connect-actions">
            <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
              Готово
            </button>
          </div>
        </>
      ) : (
        <form
          className="connect-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (token.trim()) void submit();
          }}
        >
          <p className="muted full-row">
            Токен того же продавца из ЛК WB (Настройки → Доступ к API). Он сохраняется в системном хранилище паролей и
            нигде не показывается.
          </p>
          <input
            className="full-row"
            type="password"
            autoComplete="off"
            aria-label="Новый токен WB"
            data-testid="replace-token-input"
            value={token}
            autoFocus
            onChange={(event) => setToken(event.target.value)}
          />
          <DialogFormEnd
            error={error}
            errorTestId="replace-error"
            submitTestId="replace-submit"
            submitLabel="Заменить"
            busy={busy}
            ready={Boolean(token.trim())}
            onClose={onClose}
          />
        </form>
      )}
    </DialogFrame>
  );
}

/**
 * Removing a shop always deletes its token from the keychain. Its local data goes only when the
 * seller ticks it and confirms by typing the shop's name; otherwise the shop stays, disconnected.
 */
function RemoveShopDialog({ account, onClose }: { account: AccountView; onClose(): void }) {
  const [deleteData, setDeleteData] = useState(account.isDemo);
  const [confirmName, setConfirmName] = useState('');
  const { busy, error, request } = useDialogRequest();
  const loadAccounts = useAppStore((state) => state.loadAccounts);
  const confirmed = !deleteData || confirmName.trim() === account.name.trim();
  const submit = async () => {
    const outcome = await request(bridge['accounts.remove']({ accountId: account.id, deleteData }));
    if (!outcome.ok) return;
    await loadAccounts();
    onClose();
  };
  return (
    <DialogFrame id="remove" title={`Удалить магазин «${account.name}»?`} busy={busy} onClose={onClose}>
      <form
        className="remove-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (confirmed) void submit();
        }}
      >
        {!account.isDemo && account.marketplace === 'avito' && (
          <p>
            Ключ API Avito (client_id и client_secret) будет удалён из системного хранилища паролей. Аккаунт перестанет
            синхронизироваться, бот и ответы в очереди не отправятся.
          </p>
        )}
        {!account.isDemo && account.marketplace !== 'avito' && (
          <p>
            Токен WB будет удалён из системного хранилища паролей. Магазин перестанет синхронизироваться и отправлять
            ответы; ответы в очереди не уйдут.
          </p>
        )}
        {!account.isDemo && (
          <label className="checkbox">
            <input
              type="checkbox"
              data-testid="remove-delete-data"
              checked={deleteData}
              onChange={(event) => setDeleteData(event.target.checked)}
            />
            Удалить и данные магазина на этом компьютере: отзывы, вопросы, чаты, ответы, очередь, настройки и шаблоны
          </label>
        )}
        {deleteData ? (
          <>
            <p className="danger-note">
              Данные удалятся без возможности восстановления (кроме резервной копии базы). Введите название магазина для
              подтверждения.
            </p>
            <input
              type="text"
              aria-label="Название магазина"
              data-testid="remove-confirm-name"
              placeholder={account.name}
              value={confirmName}
              onChange={(event) => setConfirmName(event.target.value)}
            />
          </>
        ) : (
          <p className="muted">История останется в приложении для просмотра, магазин будет помечен «Отключён».</p>
        )}
        {error && (
          <div className="connect-error" role="alert" data-testid="remove-error">
            {error.message}
          </div>
        )}
        <div className="connect-actions">
          <button type="submit" className="btn btn-danger" data-testid="remove-submit" disabled={busy || !confirmed}>
            {deleteData ? 'Удалить магазин и данные' : 'Отключить магазин'}
          </button>
          <button type="button" className="btn" onClick={onClose} disabled={busy} autoFocus>
            Отмена
          </button>
        </div>
      </form>
    </DialogFrame>
  );
}

/** An Avito account in «Подключения»: its name and marker, its last sync, and removal like a WB shop. */
function AvitoAccountItem({ account, onRemove }: { account: AccountView; onRemove(): void }) {
  const status = useSyncStore((state) => state.status[account.id]);
  const last = lastSuccessAt(status);
  return (
    <li className="account-item" data-testid="settings-account">
      <div className="account-item-head">
        <strong>{account.name}</strong>
        <AvitoBadge testId="account-avito" />
        {!account.connected && (
          <span className="badge badge-muted" data-testid="account-disconnected">
            Отключён
          </span>
        )}
      </div>
      {account.connected ? (
        <dl className="connection-facts">
          <div>
            <dt>Ключ API</dt>
            <dd>client_id и client_secret — в системном хранилище паролей</dd>
          </div>
          <div>
            <dt>Синхронизация</dt>
            <dd>{last ? `последняя успешная ${fullDateTime(last)}` : 'ещё не было'}</dd>
          </div>
        </dl>
      ) : (
        <div className="muted">
          Ключ удалён: аккаунт не синхронизируется и не отправляет ответы, история остаётся для просмотра.
        </div>
      )}
      {status && status.alerts.length > 0 && (
        <ul className="health-alerts" data-testid="health-alerts">
          {status.alerts.map((alert) => (
            <li key={`${alert.kind}-${alert.channel}`}>{alertText(alert)}</li>
          ))}
        </ul>
      )}
      {account.fromEnv ? (
        <div className="muted">Подключён через AGENTIQ_AVITO_CLIENT_ID: ключ меняется в переменных окружения.</div>
      ) : (
        <div className="connection-actions">
          <button type="button" className="btn btn-small btn-danger" data-testid="remove-shop" onClick={onRemove}>
            Удалить аккаунт
          </button>
        </div>
      )}
    </li>
  );
}

/**
 * «Добавить Avito»: the company's client_id and client_secret from Авито Pro → API. Core checks the
 * pair with Avito before keeping anything; each refusal (wrong pair, tier without the Messenger
 * API, an employee's key) comes back as its own code, shown here in Russian.
 */
function AvitoConnectDialog({ onClose }: { onClose(): void }) {
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [name, setName] = useState('');
  const { busy, error, request } = useDialogRequest();
  const ready = clientId.trim() !== '' && clientSecret.trim() !== '';
  const submit = async () => {
    const outcome = await request(
      bridge['accounts.connectAvito']({
        clientId: clientId.trim(),
        clientSecret: clientSecret.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
      }),
    );
    if (!outcome.ok) return;
    setClientSecret('');
    onClose();
    // As after «Подключить WB»: the new account is shown, its first sync starts at once.
    const app = useAppStore.getState();
    await app.loadAccounts();
    await app.selectAccount(outcome.value.account.id);
    app.setScreen('inbox');
    void useSyncStore.getState().run(outcome.value.account.id, { full: true });
  };
  return (
    <DialogFrame id="avito-connect" title="Добавить аккаунт Avito" busy={busy} onClose={onClose}>
      <form
        className="connect-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) void submit();
        }}
      >
        <p className="muted full-row">
          Ключ API основного аккаунта компании: Авито Pro → API (avito.ru/professionals/api), client_id и client_secret.
          Ключ сохраняется в системном хранилище паролей и нигде не показывается.
        </p>
        <p className="muted full-row" data-testid="avito-tier-note">
          Чаты через API доступны не на всех тарифах Avito: нужна подписка «Максимальный» (товары и работа) или
          «Расширенный» и выше (услуги). Ключ сотрудника не подойдёт.
        </p>
        <label htmlFor="avito-client-id">client_id</label>
        <input
          id="avito-client-id"
          type="text"
          autoComplete="off"
          spellCheck={false}
          className="full-row"
          data-testid="avito-client-id"
          value={clientId}
          autoFocus
          onChange={(event) => setClientId(event.target.value)}
        />
        <label htmlFor="avito-client-secret">client_secret</label>
        <input
          id="avito-client-secret"
          type="password"
          autoComplete="off"
          className="full-row"
          data-testid="avito-client-secret"
          value={clientSecret}
          onChange={(event) => setClientSecret(event.target.value)}
        />
        <label htmlFor="avito-name">Название (необязательно)</label>
        <input
          id="avito-name"
          type="text"
          maxLength={80}
          placeholder="как в профиле Avito"
          className="full-row"
          data-testid="avito-name"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <DialogFormEnd
          error={error}
          errorTestId="avito-connect-error"
          submitTestId="avito-connect-submit"
          submitLabel="Подключить"
          busy={busy}
          ready={ready}
          onClose={onClose}
        />
      </form>
    </DialogFrame>
  );
}

/** The end of a dialog's form: the refusal, if any, then submit («Проверяем…» while busy) and «Отмена». */
function DialogFormEnd(props: {
  error: { message: string } | null;
  errorTestId: string;
  submitTestId: string;
  submitLabel: string;
  busy: boolean;
  ready: boolean;
  onClose: () => void;
}) {
  const { error, busy } = props;
  return (
    <>
      {error && (
        <div className="connect-error full-row" role="alert" data-testid={props.errorTestId}>
          {error.message}
        </div>
      )}
      <div className="connect-actions full-row">
        <button
          type="submit"
          className="btn btn-primary"
          data-testid={props.submitTestId}
          disabled={busy || !props.ready}
        >
          {busy ? 'Проверяем…' : props.submitLabel}
        </button>
        <button type="button" className="btn" onClick={props.onClose} disabled={busy}>
          Отмена
        </button>
      </div>
    </>
  );
}
