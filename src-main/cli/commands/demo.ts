import type { CliIo } from '../cli-context';
import { openCore } from '../cli-context';
import { expectOk } from './expect-ok';

/** `agentiq demo`: seeds the demo shop; running it again changes nothing. */
export async function demo(io: CliIo, json: boolean): Promise<number> {
  const core = await openCore();
  try {
    const result = expectOk<{ accountId: number; created: number }>(await core.call('demo.seed', {}));
    if (json) io.out(JSON.stringify(result));
    else
      io.out(
        result.created > 0
          ? `Демо-магазин создан: ${result.created} обращений (account ${result.accountId}).`
          : `Демо-магазин уже есть (account ${result.accountId}), ничего не изменено.`,
      );
    return 0;
  } finally {
    await core.close();
  }
}
