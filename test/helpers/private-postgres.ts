import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './gateway-process.js';

/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a free port: a test may stop it in immediate
 * mode and start it again without touching the machine's PostgreSQL, which other work shares. initdb and
 * postgres refuse to run as root, so under root they run as the `postgres` OS user, owner of the folder.
 */
export interface PrivatePostgres {
  /** Trust auth over TCP on 127.0.0.1, database `postgres`. */
  readonly url: string;
  readonly port: number;
  /** `pg_ctl stop -m immediate`: every backend dies at once, no checkpoint; the next start runs crash recovery. */
  stopImmediately(): Promise<void>;
  /** `pg_ctl start`, returning once the server accepts connections. */
  start(): Promise<void>;
  /** Stops the server (if it runs) and removes the folder; safe to call more than once. */
  destroy(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const root = mkdtempSync(join(tmpdir(), 'hookgate-private-pg-'));
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : undefined;
  if (owner) chownSync(root, owner.uid, owner.gid);
  const data = join(root, 'data');
  const log = join(root, 'server.log');
  const port = await freePort();
  const run = (tool: string, args: readonly string[]): Promise<void> =>
    runTool(
      asRoot ? 'runuser' : join(bin, tool),
      asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args,
      log,
    );
  // Sockets in the folder (not /var/run/postgresql, which the machine's server uses); TCP on 127.0.0.1 only.
  const serverOptions = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`;
  const cluster: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stopImmediately: () => run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']),
    start: () => run('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', serverOptions]),
    async destroy() {
      if (existsSync(join(data, 'postmaster.pid')))
        await run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-instructions', '-E', 'UTF8']);
    await cluster.start();
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  return cluster;
}

/** PG_BINDIR, else the newest /usr/lib/postgresql/<major>/bin (Debian's layout), else the tools on PATH. */
function postgresBinDir(): string {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return '';
  const majors = readdirSync(base)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(base, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  const newest = majors[0];
  return newest === undefined ? '' : join(base, newest, 'bin');
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined)
    throw new Error('running as root, but there is no postgres OS user');
  return { uid: Number(uid), gid: Number(gid) };
}

function runTool(file: string, args: readonly string[], log: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 90_000 }, (error, stdout, stderr) => {
      if (!error) {
        resolve();
        return;
      }
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2_000) : '';
      reject(
        new Error(`${file} ${args.join(' ')} failed: ${stderr || stdout}\n${serverLog}`, { cause: error }),
      );
    });
  });
}
