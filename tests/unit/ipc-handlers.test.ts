import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../src-shared/ipc/contract';
import { createHandlers, handlerGroups, type HandlerDeps } from '../../src-main/core/ipc-handlers';

// Building the groups only makes closures: no dependency is touched until a handler runs.
const deps = {} as HandlerDeps;

describe('the IPC handlers are per-domain groups combined in one place (issue 8 item 9)', () => {
  it('the groups together answer exactly the contract channels, each in one group only', () => {
    const keys = Object.values(handlerGroups(deps)).flatMap((group) => Object.keys(group));
    expect(keys.length, 'a channel answered by two groups').toBe(new Set(keys).size);
    expect([...keys].sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('the combined map has a handler function for every channel and nothing else', () => {
    const handlers = createHandlers(deps);
    expect(Object.keys(handlers).sort()).toEqual([...IPC_CHANNELS].sort());
    for (const channel of IPC_CHANNELS) expect(typeof handlers[channel], channel).toBe('function');
  });
});
