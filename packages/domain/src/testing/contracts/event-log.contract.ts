import { beforeEach, describe, expect, it } from 'vitest';
import type { EventLog } from '../../ports/realtime.js';
import type { UserRepository } from '../../ports/user-repository.js';
import { aUser } from '../user-fixtures.js';

export interface EventLogKit {
  readonly users: UserRepository;
  readonly eventLog: EventLog;
}

const u = (n: number) => `00000000-0000-7000-8000-${n.toString().padStart(12, '0')}`;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 12, minute));

export function eventLogContract(name: string, makeKit: () => Promise<EventLogKit>): void {
  describe(`EventLog contract: ${name}`, () => {
    let kit: EventLogKit;
    beforeEach(async () => {
      kit = await makeKit();
      for (let n = 1; n <= 2; n++) await kit.users.add(aUser({ id: u(n) }));
    });

    it('numbers frames per member, in order, and replays what follows an id exactly once', async () => {
      expect(await kit.eventLog.lastId(u(1))).toBeNull();
      const first = await kit.eventLog.append([
        { userId: u(1), type: 'a', data: { n: 1 }, at: at(1) },
        { userId: u(2), type: 'a', data: { n: 1 }, at: at(1) },
        { userId: u(1), type: 'b', data: { n: 2 }, at: at(1) },
      ]);
      expect(first.map((d) => d.userId)).toEqual([u(1), u(2), u(1)]);
      const [a, , b] = first.map((d) => d.frame.id!);
      expect(BigInt(b!)).toBeGreaterThan(BigInt(a!));
      const more = await kit.eventLog.append([{ userId: u(1), type: 'c', data: { n: 3 }, at: at(2) }]);
      const c = more[0]!.frame.id!;
      expect(await kit.eventLog.lastId(u(1))).toBe(c);

      expect(
        (await kit.eventLog.after(u(1), a!, 10))?.map((f) => ('event' in f ? f.event.type : f.type)),
      ).toEqual(['b', 'c']);
      expect((await kit.eventLog.after(u(1), a!, 1))?.map((f) => f.id)).toEqual([b]);
      expect(await kit.eventLog.after(u(1), c, 10)).toEqual([]);
      expect((await kit.eventLog.after(u(1), b!, 10))?.[0]).toEqual({
        type: 'c',
        data: { n: 3 },
        id: c,
        at: at(2).toISOString(),
      });
    });

    it('answers null for an id never given out, a malformed one, or one already pruned', async () => {
      await kit.eventLog.append([
        { userId: u(1), type: 'old', data: {}, at: at(1) },
        { userId: u(1), type: 'old', data: {}, at: at(1) },
      ]);
      const [kept] = await kit.eventLog.append([{ userId: u(1), type: 'new', data: {}, at: at(30) }]);
      const last = kept!.frame.id!;
      expect(await kit.eventLog.after(u(1), `${BigInt(last) + 1n}`, 10)).toBeNull();
      expect(await kit.eventLog.after(u(1), 'not-an-id', 10)).toBeNull();
      expect(await kit.eventLog.after(u(2), '0', 10)).toEqual([]);
      const all = (await kit.eventLog.after(u(1), '0', 10))!;
      expect(all).toHaveLength(3);
      expect(await kit.eventLog.prune(at(10))).toBe(2);
      expect(await kit.eventLog.after(u(1), all[0]!.id!, 10)).toBeNull();
      expect((await kit.eventLog.after(u(1), all[1]!.id!, 10))?.map((f) => f.id)).toEqual([last]);
      expect(await kit.eventLog.after(u(1), last, 10)).toEqual([]);
    });
  });
}
