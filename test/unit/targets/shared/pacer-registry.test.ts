import { describe, expect, it } from 'vitest';
import { createPacerRegistry } from '../../../../src/targets/shared/pacer-registry.js';
import { sleepClock } from '../../../helpers/sleep-clock.js';

describe('createPacerRegistry', () => {
  it('gives one pacer per key, kept when a rebuilt target asks again with a new pace', async () => {
    const clock = sleepClock();
    const { sleeps } = clock;
    const registry = createPacerRegistry();
    const first = registry.pacerFor('slack-channel\u0000#ops', { perSecond: 1, burst: 1 }, clock);
    await first.take();
    // A reload rebuilds the target: same channel, same pacer, and the post just made still counts.
    const again = registry.pacerFor('slack-channel\u0000#ops', { perSecond: 2, burst: 1 }, clock);
    expect(again).toBe(first);
    await again.take();
    expect(sleeps).toEqual([500]);
    expect(registry.pacerFor('slack-channel\u0000#dev', { perSecond: 1, burst: 1 }, clock)).not.toBe(first);
  });
});
