/**
 * Whether the OS keychain (the only place tokens are kept, DESIGN §1) works on this machine, and
 * if not, why and the one command that fixes it. `agentiq doctor` prints it; the settings screen
 * shows it (app.info).
 */
export interface KeychainStatus {
  available: boolean;
  /** `keytar` for the OS keychain; `memory` in tests. */
  backend: string;
  /**
   * `module_missing`: keytar is not installed, or its native part is not built for this runtime or
   * cannot load (Linux: libsecret missing); npm drops it from an install whose build failed.
   * `no_secret_service`: keytar loads, but the keychain does not answer (Linux: no Secret Service
   * such as GNOME Keyring in the session; macOS: the keychain is locked).
   */
  problem: KeychainProblem | null;
  /** The technical reason (an error message, English), for a bug report. */
  reason: string | null;
  /** One command for a terminal on this machine (`npm …` in the project folder); null when there is none to run. */
  fixCommand: string | null;
}

export type KeychainProblem = 'module_missing' | 'no_secret_service';

/** The seller's words for an unavailable keychain: what is wrong and what to do (without the technical reason). */
export function keychainProblemText(status: Pick<KeychainStatus, 'problem' | 'fixCommand'>): string {
  if (status.problem === 'module_missing') {
    return status.fixCommand
      ? 'Модуль keytar, через который приложение обращается к хранилищу паролей, не установлен или не собран. Выполните в папке приложения:'
      : 'Установка повреждена: нет модуля для работы с хранилищем паролей. Переустановите AgentIQ Desktop.';
  }
  if (status.problem === 'no_secret_service') {
    return status.fixCommand
      ? 'Хранилище паролей не отвечает: служба не запущена или хранилище заблокировано. Выполните в терминале:'
      : 'Хранилище паролей не отвечает: служба не запущена или хранилище заблокировано. Перезагрузите компьютер и попробуйте снова.';
  }
  return 'Системное хранилище паролей недоступно.';
}
