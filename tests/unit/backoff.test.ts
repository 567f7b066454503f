import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src-shared/backoff';

describe('backoffMs: the one retry schedule', () => {
  const spec = { baseMs: 500, capMs: 30_000 };

  it('doubles per attempt, waiting between half and all of the ceiling', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, spec, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, spec, () => 1))).toEqual([500, 1000, 2000, 4000]);
  });

  it('never waits longer than the cap, however many attempts', () => {
    expect(backoffMs(40, spec, () => 1)).toBe(30_000);
    expect(backoffMs(40, spec, () => 0)).toBe(15_000);
  });

  it('treats attempt 0 like the first retry', () => {
    expect(backoffMs(0, spec, () => 1)).toBe(500);
  });
});
