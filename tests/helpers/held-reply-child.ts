// A separate process that sends a reply held for undo (as the app's window does) with its dispatcher
// running, prints the outbox entry, and dies by SIGKILL during the hold, like an app that crashed.
// Run: node --import tsx tests/helpers/held-reply-child.ts
// (env: AGENTIQ_DATA_DIR, AGENTIQ_WB_TOKEN, AGENTIQ_WB_BASE_URL, HELD_INTERACTION_ID, HELD_TEXT, HELD_SECONDS)
import { createCore } from '../../src-main/core/core';
import { MemorySecretStore } from '../../src-main/core/secrets';

async function main() {
  const env = process.env;
  const core = await createCore({
    dataDir: env.AGENTIQ_DATA_DIR!,
    secrets: new MemorySecretStore(),
    shell: 'cli',
    version: '0.0.0-test',
    envToken: env.AGENTIQ_WB_TOKEN!,
    wb: {
      baseUrl: env.AGENTIQ_WB_BASE_URL!,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
    },
    clock: () => new Date(),
  });
  core.internals.dispatcher.start(3_600_000);
  const result = await core.call('reply.send', {
    interactionId: Number(env.HELD_INTERACTION_ID),
    text: env.HELD_TEXT,
    holdSeconds: Number(env.HELD_SECONDS),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.kill(process.pid, 'SIGKILL'));
}

void main();
