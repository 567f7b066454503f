#!/usr/bin/env node
// Fails when keytar is not installed. keytar is an optionalDependency, so that `npm ci` succeeds
// on a machine where it cannot be built (Linux without libsecret-1-dev) and the app there reports
// the keychain unavailable. Two places must not go on like that: `npm run dist` (an installer
// without keytar could not keep tokens, which live only in the keychain) and CI (.ci/run: the
// keychain tests must run against the real keychain).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
if (!existsSync(path.join(root, 'node_modules', 'keytar', 'package.json'))) {
  console.error(
    'keytar is not installed (its build failed during npm ci), so the OS keychain is unavailable.\n' +
      '  `npx agentiq doctor` prints the command that fixes it; run this again afterwards.',
  );
  process.exit(1);
}
