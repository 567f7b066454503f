import { keychainProblemText, type KeychainStatus } from '../../../src-shared/domain/keychain';

/** «Хранилище паролей» in «О программе»: tokens are kept only there, so when it fails the seller gets the fix. */
export function KeychainStatusView({ keychain }: { keychain: KeychainStatus }) {
  if (keychain.available) {
    return (
      <span data-testid="keychain-status" data-available="true">
        Доступно: токены хранятся в системном хранилище паролей
      </span>
    );
  }
  return (
    <div data-testid="keychain-status" data-available="false" data-problem={keychain.problem ?? ''}>
      <div className="keychain-problem">
        Недоступно: без него не подключить магазин и не синхронизировать подключённые. {keychainProblemText(keychain)}
      </div>
      {keychain.fixCommand && (
        <code className="mono keychain-fix" data-testid="keychain-fix">
          {keychain.fixCommand}
        </code>
      )}
      {keychain.reason && <div className="muted">Причина: {keychain.reason}</div>}
    </div>
  );
}
