import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCoreInWorker } from '../core-worker/core-in-worker';
import { workerEnvDeps } from '../core-worker/env-deps';
import { createStderrLogger, redactingLogger } from '../core/logger';
import { failureText } from '../platform/failure-text';
import { systemClock } from '../platform/system-clock';
import { appVersion } from '../platform/app-version';
import { coreEnvOptions } from '../platform/core-env';
import { resolveDataDir } from '../platform/default-data-dir';
import { KeytarSecretStore } from '../platform/keytar-secret-store';
import { startHost } from './host-server';
import { mediaDirOf } from '../core/media/media-dir';

/** `npm run host`: the app without Electron, at a printed loopback URL. */
async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      bind: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      'renderer-dir': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, got ${values.port}`);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : resolveDataDir();
  const logger = createStderrLogger(systemClock);
  // A promise nobody awaited is logged rather than fatal, so the seller's open page does not lose
  // its host to one forgotten catch. Requests never get here (host-server answers every throw);
  // this is the net under the rest of core. An uncaught exception stays fatal.
  process.on('unhandledRejection', (reason) => {
    logger.error('host.unhandled_rejection', { error: reason instanceof Error ? reason.message : String(reason) });
  });
  // The core runs in a worker thread: this thread only serves pages and the WebSocket, so a sync
  // never stalls an answer. The keychain stays here (the worker asks for secrets by message).
  const core = await createCoreInWorker({
    deps: { dataDir, serveFirst: true, shell: 'host', version: appVersion(), ...workerEnvDeps(coreEnvOptions()) },
    secrets: new KeytarSecretStore(),
    logger,
  });
  core.start();
  const host = await startHost({
    core,
    port,
    bind: values.bind,
    logger: redactingLogger(logger),
    rendererDir: path.resolve(values['renderer-dir'] ?? path.join(root, 'dist/renderer')),
    mediaDir: mediaDirOf(dataDir),
  });
  process.stdout.write(`AgentIQ host: ${host.url}\n`);
  process.stdout.write(`data: ${dataDir}\n`);

  const shutdown = () => {
    host
      .close()
      .then(() => core.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(
            `agentiq host: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`,
          );
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`agentiq host: ${failureText(error)}\n`);
  process.exit(1);
});
