import { prefixHmacSha256 } from './prefix-hmac.js';

/** One request's worth of a signed `transcript.completed`: the exact body bytes and its Connect It token. */
export interface SignedEvent {
  readonly id: string;
  readonly body: Buffer;
  readonly signature: string;
}

export interface SignedEventPool {
  /** Events signed up front, before any clock runs. */
  readonly presigned: number;
  /** Events handed out so far. */
  readonly taken: number;
  /** Events signed on demand because the pool ran out (signing then ran on the load generator's clock). */
  readonly signedLate: number;
  take(): SignedEvent;
}

export interface SignedEventOptions {
  readonly secret: string;
  /** Makes ids unique across servers and rounds, e.g. `gateway-r2`. */
  readonly tag: string;
  readonly count: number;
  /** Approximate size of each body in bytes. */
  readonly bodyBytes: number;
}

const speakers = ['Ana', 'Bo', 'Chen', 'Dara'] as const;
const lines = [
  "Let's start with the gateway roll-out. The YAML routes are ready for review.",
  'Slack forwarding works in staging; email still needs the SMTP credentials.',
  "I'll add the schema for transcript events and the retry policy by Friday.",
  'Great. Next week we move every integration over, one team at a time.',
  'The dead-letter view needs a filter by target before support can use it.',
  'Replays keep the same delivery id, so the CRM ignores the ones it already has.',
] as const;

/**
 * A pool of distinct, correctly signed ~`bodyBytes` events shaped like config/examples/transcript.completed.json
 * with a long `data.text`. Every body shares one prefix and ends in its own `"id"` (distinct ids, so the
 * gateway's de-duplication cannot short-cut); the prefix is hashed once (see `prefixHmacSha256`), and only ids and
 * tokens are kept per event, so a pool of 100 000 costs a few MB rather than 1.3 GB.
 */
export function makeSignedEvents(options: SignedEventOptions): SignedEventPool {
  const prefix = Buffer.from(bodyPrefix(options.bodyBytes), 'utf8');
  const sign = prefixHmacSha256(options.secret, prefix);
  const suffixOf = (id: string): Buffer => Buffer.from(`${JSON.stringify(id)}}`, 'utf8');
  const idOf = (n: number): string => `evt_bench_${options.tag}_${String(n).padStart(7, '0')}`;
  const signatures: string[] = [];
  for (let n = 0; n < options.count; n++) signatures.push(sign(suffixOf(idOf(n))));

  let taken = 0;
  let signedLate = 0;
  return {
    presigned: options.count,
    get taken() {
      return taken;
    },
    get signedLate() {
      return signedLate;
    },
    take() {
      const n = taken++;
      const id = idOf(n);
      const suffix = suffixOf(id);
      let signature = signatures[n];
      if (signature === undefined) {
        signedLate++;
        signature = sign(suffix);
      }
      return { id, body: Buffer.concat([prefix, suffix]), signature };
    },
  };
}

/** The body up to and including `"id":`, sized so that a whole body is about `bodyBytes`. */
export function bodyPrefix(bodyBytes: number): string {
  const event = {
    type: 'transcript.completed',
    created_on: '2026-11-28T16:04:11Z',
    data: {
      id: 48213,
      headline: 'Weekly planning: gateway roll-out',
      type: 'meeting',
      created_on: '2026-11-28T15:31:02Z',
      user: { id: 731, first_name: 'Ana', last_name: 'Lima' },
      metadata: { duration_seconds: 1860, language: 'en' },
      text: '',
    },
  };
  const bare = JSON.stringify(event).length + ',"id":"evt_bench_gateway-r10_0000000"}'.length;
  const text: string[] = [];
  let size = bare;
  for (let i = 0; size < bodyBytes; i++) {
    const line = `${speakers[i % speakers.length]!}: ${lines[i % lines.length]!}`;
    text.push(line);
    size += line.length + 2; // each "\n" separator is two bytes once JSON-escaped
  }
  event.data.text = text.join('\n');
  return `${JSON.stringify(event).slice(0, -1)},"id":`;
}
