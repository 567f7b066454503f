import { existsSync } from 'node:fs';
import { migrations } from '../../../migrations';
import { databaseFile } from '../../core/core';
import { backupDirOf, listBackups, newestBackup, type BackupInfo } from '../../core/db/backup';
import { checkDatabaseFile, type DatabaseFileCheck } from '../../core/db/database';
import { appVersion } from '../../platform/app-version';
import { resolveDataDir } from '../../platform/default-data-dir';
import type { KeychainStatus } from '../../../src-shared/domain/keychain';
import { databaseProblemText } from '../../../src-shared/messages/texts';
import type { SecretStore } from '../../core/secrets';
import { KeytarSecretStore } from '../../platform/keytar-secret-store';
import type { CliIo } from '../cli-context';

/**
 * `agentiq doctor`: where the data lives, which schema it has, whether it passes quick_check,
 * the newest backup, whether the keychain works and why not. Read-only: it never creates or
 * migrates the database.
 */
export async function doctor(
  io: CliIo,
  json: boolean,
  secrets: Pick<SecretStore, 'status'> = new KeytarSecretStore(),
): Promise<number> {
  const dataDir = resolveDataDir();
  const file = databaseFile(dataDir);
  // An empty file is what the app creates before the schema: nothing to check yet.
  const exists = existsSync(file);
  let check: DatabaseFileCheck | null = null;
  let error: string | null = null;
  if (exists) {
    try {
      check = checkDatabaseFile(file);
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
  }
  const backupDir = backupDirOf(file);
  const newest = await newestBackup(backupDir);
  const keychain = await secrets.status();
  const supported = migrations.length;
  const schemaVersion = check?.version ?? null;
  const problem = check?.problem ? databaseProblemText(check.problem) : null;
  const report = {
    version: appVersion(),
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    dataDir,
    database: {
      file,
      exists,
      schemaVersion,
      supportedSchemaVersion: supported,
      quickCheck: check ? (problem ?? 'ok') : null,
      error,
    },
    backups: { dir: backupDir, count: (await listBackups(backupDir)).length, newest: newest && backupView(newest) },
    keychain,
    tokenFromEnv: Boolean(process.env.AGENTIQ_WB_TOKEN),
  };
  const damaged = check?.problem != null;
  const healthy = !error && !damaged && (schemaVersion === null || schemaVersion <= supported);
  if (json) {
    io.out(JSON.stringify({ ok: healthy, ...report }));
    return healthy ? 0 : 1;
  }
  io.out(`AgentIQ ${report.version} (Node ${report.node}, ${report.platform})`);
  io.out(`data dir:  ${dataDir}`);
  io.out(
    `database:  ${exists ? file : `${file} (not created yet)`}` +
      (schemaVersion !== null ? `, schema ${schemaVersion} (this version supports up to ${supported})` : ''),
  );
  if (error) io.out(`           problem: ${error}`);
  else if (check) io.out(`check:     ${problem === null ? 'quick_check ok' : `DAMAGED: ${problem}`}`);
  if (!damaged && schemaVersion !== null && schemaVersion > supported)
    io.out('           problem: written by a newer AgentIQ; update the app');
  io.out(
    newest
      ? `backup:    ${newest.file} (${formatTime(newest.takenAt)}, ${formatSize(newest.bytes)}; ${report.backups.count} in the folder)`
      : `backup:    none yet (${backupDir})`,
  );
  if (damaged)
    io.out(
      newest
        ? `           restore it: agentiq restore --from ${JSON.stringify(newest.file)}`
        : '           no backup to restore from',
    );
  for (const line of keychainLines(keychain)) io.out(line);
  if (report.tokenFromEnv)
    io.out('token:     AGENTIQ_WB_TOKEN is set (used instead of the keychain for the default account)');
  return healthy ? 0 : 1;
}

const PROBLEM: Record<NonNullable<KeychainStatus['problem']>, string> = {
  module_missing: 'keytar is not installed, or not built for this runtime',
  no_secret_service: 'the OS keychain did not answer (no secret service running, or it is locked)',
};

function keychainLines(keychain: KeychainStatus): string[] {
  if (keychain.available) return [`keychain:  available (${keychain.backend})`];
  const lines = [
    `keychain:  unavailable (${keychain.backend}): ${keychain.problem ? PROBLEM[keychain.problem] : 'unknown problem'}`,
  ];
  if (keychain.reason) lines.push(`           reason: ${keychain.reason}`);
  if (keychain.fixCommand) lines.push(`           fix:    ${keychain.fixCommand}`);
  // libsecret needs a D-Bus session with a Secret Service: a desktop login has one, SSH and CI do not.
  if (keychain.problem === 'no_secret_service' && process.platform === 'linux') {
    lines.push(
      '           without a desktop session (SSH, CI): run inside `dbus-run-session` with an unlocked gnome-keyring, or give the CLI the token in AGENTIQ_WB_TOKEN',
    );
  }
  return lines;
}

const backupView = (backup: BackupInfo) => ({
  file: backup.file,
  takenAt: backup.takenAt.toISOString(),
  bytes: backup.bytes,
  reason: backup.reason,
});

/** Local time, as the seller's clock shows it (the file name is in UTC). */
const formatTime = (date: Date) =>
  date.toLocaleString('ru-RU', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
