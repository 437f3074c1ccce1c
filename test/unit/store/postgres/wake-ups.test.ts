import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WakeUps } from '../../../../src/store/postgres/wake-ups.js';

describe('WakeUps', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets one statement per window carry the NOTIFY, and sends one at the window's end for work committed meanwhile", async () => {
    const send = vi.fn(() => Promise.resolve());
    const wakeUps = new WakeUps(send, 50);
    expect(wakeUps.take()).toBe(true);
    vi.advanceTimersByTime(10);
    expect(wakeUps.take()).toBe(false);
    wakeUps.owed();
    wakeUps.owed();
    vi.advanceTimersByTime(39);
    expect(send).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(send).toHaveBeenCalledTimes(1);
    // The trailing NOTIFY opened a window of its own.
    expect(wakeUps.take()).toBe(false);
    vi.advanceTimersByTime(50);
    expect(wakeUps.take()).toBe(true);
    await Promise.resolve();
  });

  it('owes nothing when no statement skipped, and sends nothing once closed', () => {
    const send = vi.fn(() => Promise.resolve());
    const wakeUps = new WakeUps(send, 50);
    expect(wakeUps.take()).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(send).not.toHaveBeenCalled();
    expect(wakeUps.take()).toBe(true);
    expect(wakeUps.take()).toBe(false);
    wakeUps.owed();
    wakeUps.close();
    vi.advanceTimersByTime(1_000);
    expect(send).not.toHaveBeenCalled();
    expect(wakeUps.take()).toBe(false);
  });

  it('ignores a failed trailing NOTIFY: the poll catches the work', async () => {
    const send = vi.fn(() => Promise.reject(new Error('connection lost')));
    const wakeUps = new WakeUps(send, 50);
    wakeUps.take();
    wakeUps.owed();
    vi.advanceTimersByTime(50);
    expect(send).toHaveBeenCalledTimes(1);
    await Promise.resolve();
  });
});
