import { ChannelPacer, type Pace, type PacerClock } from '../slack/channel-pacer.js';

/**
 * The pacers of rate-limited destinations (a Slack channel, a Slack webhook), kept by the gateway for its whole
 * life and handed to every target in `TargetDeps`: targets are rebuilt on each reload, but the posts a channel has
 * just had must still count, and two targets on one channel must share its pace.
 */
export interface PacerRegistry {
  /** The pacer for `key`, made on first use; a later call with another pace re-paces it without a fresh burst. */
  pacerFor(key: string, pace: Pace, clock: PacerClock): ChannelPacer;
}

export function createPacerRegistry(): PacerRegistry {
  const pacers = new Map<string, ChannelPacer>();
  return {
    pacerFor(key, pace, clock) {
      let pacer = pacers.get(key);
      if (pacer) pacer.configure(pace);
      else {
        pacer = new ChannelPacer(pace, clock);
        pacers.set(key, pacer);
      }
      return pacer;
    },
  };
}
