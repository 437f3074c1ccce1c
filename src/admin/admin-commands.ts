import type { Command } from 'commander';
import { GatewayError, RequestError } from '../errors.js';
import { reportError, reportLines, type ErrorReport } from '../report-error.js';
import type { ArchiveStore, Store } from '../store/store.js';

/** The archive, and closing it once the command answered. */
type CommandStore = ArchiveStore & Pick<Store, 'close'>;
import { parseDeliveryStatus, parseEventStatus, parseLimit, parsePurge } from './admin-input.js';
import { deliveryView, eventDetailJson, eventSummaryView } from './admin-views.js';
import { formatEventDetail } from './format-event-detail.js';
import { formatTable, shortTime } from './format-table.js';
import { formatDuration } from '../worker/format-duration.js';

export interface AdminCommandIo {
  readonly out: (text: string) => void;
  readonly now: () => number;
}

/** Which store a command opens: the one `--config` names (else the CLI's default). */
export interface StoreChoice {
  readonly config?: string;
}

interface ListOptions extends StoreChoice {
  readonly status?: string;
  readonly limit?: string;
  readonly target?: string;
  readonly json?: boolean;
}

interface PurgeOptions extends StoreChoice {
  readonly status?: string;
  readonly olderThan?: string;
  readonly json?: boolean;
}

/** Output of one command: text for people, a value for `--json` (or its JSON text, already written). */
interface Answer {
  readonly text: string;
  readonly json: unknown;
  readonly jsonText?: string;
}

// The CLI writes to the store, not to a gateway: a running one finds the work when it next looks (its poll
// interval: 30 s on SQLite, 1 s with a shared PostgreSQL store, where another replica's commit may also wake it).
const replayNote =
  'A running gateway picks it up when it next polls the store: within 30 s on SQLite, about 1 s on PostgreSQL.';

const configOption = [
  '--config <file>',
  'the gateway config whose store to open (default: $GATEWAY_CONFIG, else ./gateway.yaml)',
] as const;

/**
 * The store's admin commands for the CLI: `events list|show`, `deliveries list`, `replay`, `replay-dead`,
 * `purge`. Each opens the store, answers, and closes it; `--json` prints JSON instead of tables. A store that
 * cannot be opened (none there, a config that names none) is an error message and exit code 1.
 */
export function registerAdminCommands(
  program: Command,
  openStore: (choice: StoreChoice) => CommandStore | Promise<CommandStore>,
  io: Partial<AdminCommandIo> = {},
): void {
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  const now = io.now ?? Date.now;

  async function answer(
    command: Command,
    options: ListOptions,
    work: (store: CommandStore) => Promise<Answer>,
  ) {
    const json = options.json;
    let result: Answer | undefined;
    let refused: ErrorReport | undefined;
    let store: CommandStore | undefined;
    try {
      store = await openStore({ ...(options.config !== undefined ? { config: options.config } : {}) });
      result = await work(store);
    } catch (error) {
      if (!(error instanceof RequestError) && !(store === undefined && error instanceof GatewayError))
        throw error;
      refused = reportError(error);
    } finally {
      await store?.close();
    }
    if (refused || !result) {
      // The command line was right; its usage would only bury the message.
      command.showHelpAfterError(false);
      command.error(`error: ${refused ? reportLines(refused).join('\n') : 'no answer'}`, {
        exitCode: 1,
        code: `hookgate.${refused?.code ?? 'internal'}`,
      });
    }
    out(json ? `${result.jsonText ?? JSON.stringify(result.json, null, 2)}\n` : result.text);
  }

  const events = program.command('events').description('inspect received events');
  events
    .command('list')
    .description('list events, newest first')
    .option('--status <status>', 'only events in this status: pending, delivered, dead or unrouted')
    .option('--limit <n>', 'how many at most', '50')
    .option('--json', 'print JSON')
    .option(...configOption)
    .action((options: ListOptions, command: Command) =>
      answer(command, options, async (store) => {
        const list = await store.listEvents({
          status: parseEventStatus(options.status),
          limit: parseLimit(options.limit),
        });
        const rows = list.map((e) => [
          e.id,
          shortTime(e.receivedAt),
          e.source,
          e.type,
          e.status,
          describeCounts(e.deliveries),
        ]);
        return {
          json: list.map(eventSummaryView),
          text:
            list.length === 0
              ? 'No events.\n'
              : `${formatTable(['ID', 'RECEIVED', 'SOURCE', 'TYPE', 'STATUS', 'DELIVERIES'], rows, { whole: [0] })}\n`,
        };
      }),
    );
  events
    .command('show <id>')
    .description('show an event with each delivery and each attempt')
    .option('--json', 'print JSON (with the payload)')
    .option(...configOption)
    .action((id: string, options: ListOptions, command: Command) =>
      answer(command, options, async (store) => {
        const detail = await store.getEvent(id);
        if (!detail) throw new RequestError(404, 'not_found', `no event "${id}"`);
        return { json: undefined, jsonText: eventDetailJson(detail, 2), text: formatEventDetail(detail) };
      }),
    );

  program
    .command('deliveries')
    .description('inspect deliveries')
    .command('list')
    .description('list deliveries, most recently changed first')
    .option('--status <status>', 'only deliveries in this status: pending, in_flight, delivered or dead')
    .option('--target <name>', 'only deliveries to this target')
    .option('--limit <n>', 'how many at most', '50')
    .option('--json', 'print JSON')
    .option(...configOption)
    .action((options: ListOptions, command: Command) =>
      answer(command, options, async (store) => {
        const list = await store.listDeliveries({
          status: parseDeliveryStatus(options.status),
          target: options.target,
          limit: parseLimit(options.limit),
        });
        const rows = list.map((d) => [
          d.id,
          d.target,
          d.route,
          d.status,
          String(d.attempts),
          shortTime(d.status === 'pending' ? d.nextAttemptAt : d.updatedAt),
          d.deadReason ?? d.lastError ?? '',
        ]);
        const headers = ['ID', 'TARGET', 'ROUTE', 'STATUS', 'ATTEMPTS', 'NEXT/UPDATED', 'REASON/LAST ERROR'];
        return {
          json: list.map(deliveryView),
          text:
            list.length === 0
              ? 'No deliveries.\n'
              : `${formatTable(headers, rows, { maxCell: 60, whole: [0] })}\n`,
        };
      }),
    );

  program
    .command('replay <deliveryId>')
    .description('send a delivery again from its first attempt (its history is kept)')
    .option('--json', 'print JSON')
    .option(...configOption)
    .action((deliveryId: string, options: ListOptions, command: Command) =>
      answer(command, options, async (store) => {
        const result = await store.replay(deliveryId, now());
        if (result.outcome === 'not_found')
          throw new RequestError(404, 'not_found', `no delivery "${deliveryId}"`);
        if (result.outcome === 'in_flight') {
          throw new RequestError(
            409,
            'conflict',
            `delivery "${deliveryId}" is being attempted now; try again shortly`,
          );
        }
        return {
          json: deliveryView(result.delivery),
          text: `Delivery ${deliveryId} to ${result.delivery.target} is queued again. ${replayNote}\n`,
        };
      }),
    );

  program
    .command('replay-dead <target>')
    .description('send every dead delivery of a target again')
    .option('--json', 'print JSON')
    .option(...configOption)
    .action((target: string, options: ListOptions, command: Command) =>
      answer(command, options, async (store) => {
        const replayed = await store.replayDead(target, now());
        const text =
          replayed === 0
            ? `No dead deliveries for ${target}.\n`
            : `${replayed} dead deliver${replayed === 1 ? 'y' : 'ies'} of ${target} queued again. ${replayNote}\n`;
        return { json: { target, replayed }, text };
      }),
    );

  program
    .command('purge')
    .description('delete finished deliveries (and events left without any) older than an age')
    .option('--status <statuses>', 'comma-separated: delivered, dead, pending', 'delivered')
    .option(
      '--older-than <age>',
      'last changed longer ago than this, e.g. 7d, 12h (below the dedupe window, repeats get in)',
      '24h',
    )
    .option('--json', 'print JSON')
    .option(...configOption)
    .action((options: PurgeOptions, command: Command) =>
      answer(command, options, async (store) => {
        const request = parsePurge(options.status, options.olderThan, now());
        const purged = await store.purge(request);
        return {
          json: { purged, statuses: request.statuses, olderThanMs: request.olderThanMs },
          text:
            `Purged ${purged.deliveries} deliver${purged.deliveries === 1 ? 'y' : 'ies'} and ${purged.events} ` +
            `event${purged.events === 1 ? '' : 's'} (${request.statuses.join(', ')}, older than ` +
            `${formatDuration(request.olderThanMs)}).\n`,
        };
      }),
    );
}

function describeCounts(counts: Readonly<Record<string, number>>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status.replace('_', ' ')}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}
