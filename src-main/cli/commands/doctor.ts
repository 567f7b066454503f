import { existsSync } from 'node:fs';
import { migrations } from '../../../migrations';
import { databaseFile } from '../../core/core';
import { readSchemaVersion } from '../../core/db/database';
import { appVersion } from '../../platform/app-version';
import { resolveDataDir } from '../../platform/default-data-dir';
import { KeytarSecretStore } from '../../platform/keytar-secret-store';
import type { CliIo } from '../cli-context';

/**
 * `agentiq doctor`: where the data lives, which schema it has, whether the keychain works and
 * why not. Read-only: it never creates or migrates the database.
 */
export async function doctor(io: CliIo, json: boolean): Promise<number> {
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
  const keychain = await new KeytarSecretStore().status();
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
  io.out(`keychain:  ${keychain.available ? `available (${keychain.backend})` : `unavailable (${keychain.backend}): ${keychain.reason}`}`);
  if (report.tokenFromEnv) io.out('token:     AGENTIQ_WB_TOKEN is set (used instead of the keychain for the default account)');
  return healthy ? 0 : 1;
}
