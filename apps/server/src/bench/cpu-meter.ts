import { readdir, readFile } from 'node:fs/promises';

/**
 * CPU seconds used so far by the server and by PostgreSQL (the server's
 * embedded one, else every postgres process of the machine): every live
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
  let postgres = all.filter((p) => p.comm === 'postgres');
  // The server's embedded database is its child: then that one alone (an earlier run's, still
  // shutting down, would otherwise leave the sum as it exits, and a window would read negative).
  const own = new Set(postgres.filter((p) => p.ppid === serverPid).map((p) => p.pid));
  if (own.size > 0) {
    for (let grew = true; grew;) {
      grew = false;
      for (const p of postgres) {
        if (own.has(p.pid) || !own.has(p.ppid)) continue;
        own.add(p.pid);
        grew = true;
      }
    }
    postgres = postgres.filter((p) => own.has(p.pid));
  }
  const pids = new Set(postgres.map((p) => p.pid));
  let total = 0;
  for (const p of postgres) total += p.own + (pids.has(p.ppid) ? 0 : p.children);
  return { server: all.find((p) => p.pid === serverPid)?.own ?? 0, postgres: total };
}

/**
 * Ticks of the whole machine so far, and those stolen by the hypervisor (time
 * a virtual CPU was ready to run and did not): a window with much steal
 * measures the host's neighbours as much as Kindred. Zero where /proc/stat
 * has no such column.
 */
export async function machineTicks(): Promise<{ total: number; steal: number }> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!;
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice
    const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: f.reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
  } catch {
    return { total: 0, steal: 0 };
  }
}
