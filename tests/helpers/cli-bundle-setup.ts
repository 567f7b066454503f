import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * vitest globalSetup: the tests run `node bin/agentiq.mjs`, which runs the compiled bundle
 * (dist/cli). Once per run, before any test file, the bundle is rebuilt when it is missing or
 * older than one of its inputs, so a test never runs a CLI older than the sources.
 */
export default function buildCliBundle(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const said = execFileSync(process.execPath, [path.join(root, 'scripts/build-cli.mjs'), '--if-stale'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (!said.includes('up to date')) process.stdout.write(said);
}
