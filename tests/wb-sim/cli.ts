// tsx tests/wb-sim/cli.ts --port P --reviews N --questions N --chats N [--seed S] [--no-limits]
import { parseArgs } from 'node:util';
import { startWbSimulator } from './server';
import { makeWbToken } from './tokens';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    reviews: { type: 'string', default: '500' },
    questions: { type: 'string', default: '200' },
    chats: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    'no-limits': { type: 'boolean', default: false },
  },
});

const int = (v: string | undefined, name: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
};

const seed = /^\d+$/.test(values.seed ?? '') ? Number(values.seed) : (values.seed ?? 1);
const sim = await startWbSimulator({
  port: int(values.port, 'port'),
  reviews: int(values.reviews, 'reviews'),
  questions: int(values.questions, 'questions'),
  chats: int(values.chats, 'chats'),
  seed,
  limits: !values['no-limits'],
});
console.log(`WB simulator listening on ${sim.url}`);
console.log(`token: ${makeWbToken()}`);

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
