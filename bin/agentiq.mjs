#!/usr/bin/env node
// The `agentiq` command: runs the compiled bundle (dist/cli, scripts/build-cli.mjs), so a command
// starts without compiling TypeScript. `npm ci` builds it (the `prepare` script); the tests and the
// bench rebuild it when a source is newer. A missing bundle is not built here: esbuild is a dev
// tool (absent from a production install), a build writes into the checkout from whatever folder
// the command runs in, and its output would mix into the command's own (`--json` is parsed).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/agentiq.mjs', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  process.stderr.write(
    'agentiq: the command is not built (dist/cli/agentiq.mjs is missing): run `npm run build:cli`\n',
  );
  process.exitCode = 1;
}
