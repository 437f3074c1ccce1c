import { ChannelPacer, type Pace, type PacerClock } from '../slack/channel-pacer.js';

/** What a target needs of a rate-limited destination's pace: a slot to post, and a hold after its 429. */
export interface Pacer {
  /**
   * Waits for a slot to post and resolves with 0. While the destination is held after a 429 it takes no slot and
   * resolves at once with the milliseconds the hold has left. An aborted wait gives its slot back.
   */
  take(signal?: AbortSignal): Promise<number>;
  /** After the destination's 429: no post before `ms` from now has passed. */
  holdFor(ms: number): Promise<void>;
}

/**
 * The pacers of rate-limited destinations (a Slack channel, a Slack webhook), kept by the gateway for its whole
 * life and handed to every target in `TargetDeps`: targets are rebuilt on each reload, but the posts a channel has
 * just had must still count, and two targets on one channel must share its pace.
 */
export interface PacerRegistry {
  /** The pacer for `key`, made on first use; a later call with another pace re-paces it without a fresh burst. */
  pacerFor(key: string, pace: Pace, clock: PacerClock): Pacer;
}

/** Pacers in this process's memory: the pace holds for this process (one gateway on SQLite or in memory). */
export function createPacerRegistry(): PacerRegistry {
  const pacers = new Map<string, { channel: ChannelPacer; pacer: Pacer }>();
  return {
    pacerFor(key, pace, clock) {
      const known = pacers.get(key);
      if (known) {
        known.channel.configure(pace);
        return known.pacer;
      }
      const channel = new ChannelPacer(pace, clock);
      const pacer = localPacer(channel);
      pacers.set(key, { channel, pacer });
      return pacer;
    },
  };
}

function localPacer(channel: ChannelPacer): Pacer {
  return {
    async take(signal) {
      const heldMs = channel.heldForMs();
      if (heldMs > 0) return heldMs;
      await channel.take(signal);
      return 0;
    },
    holdFor(ms) {
      channel.holdFor(ms);
      return Promise.resolve();
    },
  };
}
