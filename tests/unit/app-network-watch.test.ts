import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { net, powerMonitor, resetFakeElectron } from './app-fake-electron';
import { watchNetwork } from '../../src-main/app/network-watch';

beforeEach(() => {
  resetFakeElectron();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('main watches the network itself', () => {
  it('reports the state at start, then each change once', () => {
    const reports: boolean[] = [];
    const stop = watchNetwork(net, powerMonitor, (online) => reports.push(online), 1_000);
    expect(reports).toEqual([true]);
    vi.advanceTimersByTime(3_000);
    expect(reports).toEqual([true]);
    net.online = false;
    vi.advanceTimersByTime(1_000);
    net.online = true;
    vi.advanceTimersByTime(5_000);
    expect(reports).toEqual([true, false, true]);
    stop();
  });

  it('re-checks on wake from sleep, even when the state looks unchanged', () => {
    const reports: boolean[] = [];
    const stop = watchNetwork(net, powerMonitor, (online) => reports.push(online), 60_000);
    powerMonitor.emit('resume');
    expect(reports).toEqual([true, true]);
    stop();
  });

  it('stops polling and listening once disposed', () => {
    const reports: boolean[] = [];
    const stop = watchNetwork(net, powerMonitor, (online) => reports.push(online), 1_000);
    stop();
    net.online = false;
    vi.advanceTimersByTime(10_000);
    powerMonitor.emit('resume');
    expect(reports).toEqual([true]);
    expect(powerMonitor.listenerCount('resume')).toBe(0);
  });
});
