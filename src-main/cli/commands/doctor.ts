import { existsSync } from 'node:fs';
import { migrations } from '../../../migrations';
import { databaseFile } from '../../core/core';
import { readSchemaVersion } from '../../core/db/database';
import { appVersion } from '../../platform/app-version';
import { resolveDataDir } from '../../platform/default-data-dir';
import type { KeychainStatus } from '../../../src-shared/domain/keychain';
import type { SecretStore } from '../../core/secrets';
import { KeytarSecretStore } from '../../platform/keytar-secret-store';
import type { CliIo } from '../cli-context';

/**
 * `agentiq doctor`: where the data lives, which schema it has, whether the keychain works and
 * why not. Read-only: it never creates or migrates the database.
 */
export async function doctor(io: CliIo, json: boolean, secrets: Pick<SecretStore, 'status'> = new KeytarSecretStore()): Promise<number> {
  const dataDir = resolveDataDir();
  const file = databaseFile(dataDir);
  let schema: { file: number | null; supported: number; error: string | null } = { file: null, supported: migrations.length, error: null };
  if (existsSync(file)) {
    try {
      schema.file = readSchemaVersion(file);
    } catch (error) {
      schema = { ...schema, error: error instanceof Error ? error.message : String(error) };
    }
  }
  const keychain = await secrets.status();
  const report = {
    version: appVersion(),
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    dataDir,
    database: { file, exists: existsSync(file), schemaVersion: schema.file, supportedSchemaVersion: schema.supported, error: schema.error },
    keychain,
    tokenFromEnv: Boolean(process.env.AGENTIQ_WB_TOKEN),
  };
  const healthy = !schema.error && (schema.file === null || schema.file <= schema.supported);
  if (json) {
    io.out(JSON.stringify({ ok: healthy, ...report }));
    return healthy ? 0 : 1;
  }
  io.out(`AgentIQ ${report.version} (Node ${report.node}, ${report.platform})`);
  io.out(`data dir:  ${dataDir}`);
  io.out(
    `database:  ${report.database.exists ? file : `${file} (not created yet)`}` +
      (schema.file !== null ? `, schema ${schema.file} (this version supports up to ${schema.supported})` : ''),
  );
  if (schema.error) io.out(`           problem: ${schema.error}`);
  else if (schema.file !== null && schema.file > schema.supported) io.out('           problem: written by a newer AgentIQ; update the app');
  for (const line of keychainLines(keychain)) io.out(line);
  if (report.tokenFromEnv) io.out('token:     AGENTIQ_WB_TOKEN is set (used instead of the keychain for the default account)');
  return healthy ? 0 : 1;
}

const PROBLEM: Record<NonNullable<KeychainStatus['problem']>, string> = {
  module_missing: 'keytar is not installed, or not built for this runtime',
  no_secret_service: 'the OS keychain did not answer (no secret service running, or it is locked)',
};

function keychainLines(keychain: KeychainStatus): string[] {
  if (keychain.available) return [`keychain:  available (${keychain.backend})`];
  const lines = [`keychain:  unavailable (${keychain.backend}): ${keychain.problem ? PROBLEM[keychain.problem] : 'unknown problem'}`];
  if (keychain.reason) lines.push(`           reason: ${keychain.reason}`);
  if (keychain.fixCommand) lines.push(`           fix:    ${keychain.fixCommand}`);
  // libsecret needs a D-Bus session with a Secret Service: a desktop login has one, SSH and CI do not.
  if (keychain.problem === 'no_secret_service' && process.platform === 'linux') {
    lines.push('           without a desktop session (SSH, CI): run inside `dbus-run-session` with an unlocked gnome-keyring, or give the CLI the token in AGENTIQ_WB_TOKEN');
  }
  return lines;
}
