import { afterEach, describe, expect, it } from 'vitest';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database.js';
import { createOrm } from './orm.js';

const started: EmbeddedDatabase[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const db of started.splice(0).reverse()) await db.stop();
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** Where the connection came from as PostgreSQL sees it: null over a Unix socket. */
async function clientAddress(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ a: string | null }>('select host(inet_client_addr()) as a')).rows[0]!.a;
  } finally {
    await client.end();
  }
}

async function start(dataDir: string, port: number, whenHeld?: 'share'): Promise<EmbeddedDatabase> {
  const db = await startEmbeddedDatabase({
    dataDir,
    port,
    persistent: false,
    ...(whenHeld ? { whenHeld } : {}),
  });
  started.push(db);
  return db;
}

describe('the embedded database', () => {
  it('is reached over its Unix socket, by the server and by a CLI that shares it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kindred-socket-'));
    folders.push(dataDir);
    const port = await freePort();
    const db = await start(dataDir, port);
    expect(new URL(db.url).searchParams.get('host')).toMatch(/^\//);
    expect(await clientAddress(db.url)).toBeNull();
    // The ORM's pool too (MikroORM alone would build its options from the URL's host and port).
    const orm = await createOrm({ databaseUrl: db.url, poolSize: 1 });
    try {
      const [row] = await orm.em
        .getConnection()
        .execute<{ a: string | null }[]>('select host(inet_client_addr()) as a');
      expect(row!.a).toBeNull();
    } finally {
      await orm.close(true);
    }
    // A CLI beside the running server (npm run admin, seed) finds the socket in postmaster.pid.
    const shared = await startEmbeddedDatabase({ dataDir, port, whenHeld: 'share' });
    expect(shared.owned).toBe(false);
    expect(shared.url).toBe(db.url);
    expect(await clientAddress(shared.url)).toBeNull();
    // TCP stays open for psql and other tools.
    const tcp = new URL(db.url);
    tcp.search = '';
    expect(await clientAddress(tcp.toString())).toBe('127.0.0.1');
  });

  it('falls back to TCP on 127.0.0.1 when the socket path would be too long', async () => {
    const base = await mkdtemp(join(tmpdir(), 'kindred-long-'));
    folders.push(base);
    const dataDir = join(base, 'a-folder-name-long-enough-that-no-unix-socket-path-fits-below-it-'.repeat(2));
    await mkdir(dataDir, { recursive: true });
    // Run as root, a folder the postgres account cannot reach is moved to a short path in /var/tmp.
    await chmod(base, 0o755);
    const db = await start(dataDir, await freePort());
    expect(new URL(db.url).searchParams.get('host')).toBeNull();
    expect(await clientAddress(db.url)).toBe('127.0.0.1');
  });
});
