// A separate process that flushes the outbox of a data dir, for the exactly-once tests: its clock
// may run ahead or behind (AGENTIQ_TEST_CLOCK_OFFSET_MS) and it can be killed with SIGKILL at a
// named step of a send (AGENTIQ_CRASH_AT), like a real app dying mid-send.
// Run: node --import tsx tests/helpers/outbox-child.ts
//   WB:    AGENTIQ_DATA_DIR, AGENTIQ_WB_TOKEN, AGENTIQ_WB_BASE_URL
//   Avito: AGENTIQ_DATA_DIR, AGENTIQ_AVITO_BASE_URL, AGENTIQ_TEST_SECRETS (JSON {ref: secret}: the
//          keychain entries of the Avito account the parent connected, a test's in-memory keychain)
import { createCore } from '../../src-main/core/core';
import { MemorySecretStore } from '../../src-main/core/secrets';

async function main() {
  const env = process.env;
  const offset = Number(env.AGENTIQ_TEST_CLOCK_OFFSET_MS ?? 0);
  const secrets = new MemorySecretStore();
  for (const [ref, secret] of Object.entries(JSON.parse(env.AGENTIQ_TEST_SECRETS ?? '{}') as Record<string, string>))
    await secrets.set(ref, secret);
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 50)));
  const core = await createCore({
    dataDir: env.AGENTIQ_DATA_DIR!,
    secrets,
    shell: 'cli',
    version: '0.0.0-test',
    envToken: env.AGENTIQ_WB_TOKEN || null,
    wb: env.AGENTIQ_WB_BASE_URL ? { baseUrl: env.AGENTIQ_WB_BASE_URL, sleep } : undefined,
    avito: env.AGENTIQ_AVITO_BASE_URL ? { baseUrl: env.AGENTIQ_AVITO_BASE_URL, pacing: false, sleep } : undefined,
    clock: () => new Date(Date.now() + offset),
    afterDispatchStep: (step) => {
      if (step === env.AGENTIQ_CRASH_AT) process.kill(process.pid, 'SIGKILL');
    },
  });
  const result = await core.call('outbox.flush', {});
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await core.close();
}

void main();
