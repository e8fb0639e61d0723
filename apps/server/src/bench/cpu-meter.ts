import { readdir, readFile } from 'node:fs/promises';

/**
 * CPU seconds used so far by the server and by PostgreSQL: every live
 * postgres process, plus what the postmaster's exited children used
 * (backends and autovacuum workers come and go).
 */
export async function cpuSeconds(serverPid: number): Promise<{ server: number; postgres: number }> {
  const ticks = 100; // USER_HZ on Linux
  const read = async (pid: string) => {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat
        .slice(close + 2)
        .split(' ')
        .map(Number);
      // After the command: state, ppid, …, utime (12th), stime, cutime, cstime.
      return {
        pid: Number(pid),
        comm,
        ppid: f[1]!,
        own: (f[11]! + f[12]!) / ticks,
        children: (f[13]! + f[14]!) / ticks,
      };
    } catch {
      return null; // gone meanwhile
    }
  };
  const all = (await Promise.all((await readdir('/proc')).filter((p) => /^\d+$/.test(p)).map(read))).filter(
    (p) => p !== null,
  );
  const postgres = all.filter((p) => p.comm === 'postgres');
  const pids = new Set(postgres.map((p) => p.pid));
  let total = 0;
  for (const p of postgres) total += p.own + (pids.has(p.ppid) ? 0 : p.children);
  return { server: all.find((p) => p.pid === serverPid)?.own ?? 0, postgres: total };
}
