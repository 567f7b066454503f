// tsx tests/avito-sim/cli.ts --port P --chats N [--seed S] [--expires-in SEC] [--buyer-every MS]
import { parseArgs } from 'node:util';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startAvitoSimulator } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    chats: { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    'expires-in': { type: 'string', default: '86400' },
    'buyer-every': { type: 'string', default: '0' },
  },
});

const int = (v: string | undefined, name: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
};

const seed = /^\d+$/.test(values.seed ?? '') ? Number(values.seed) : (values.seed ?? 1);
const sim = await startAvitoSimulator({
  port: int(values.port, 'port'),
  chats: int(values.chats, 'chats'),
  seed,
  expiresIn: int(values['expires-in'], 'expires-in'),
  buyerEveryMs: int(values['buyer-every'], 'buyer-every'),
});
console.log(`Avito simulator listening on ${sim.url} (seller user_id ${sim.state.sellerId})`);
console.log(`AGENTIQ_AVITO_BASE_URL=${sim.url}`);
console.log(`AGENTIQ_AVITO_CLIENT_ID=${DEFAULT_CLIENT_ID}`);
console.log(`AGENTIQ_AVITO_CLIENT_SECRET=${DEFAULT_CLIENT_SECRET}`);

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
