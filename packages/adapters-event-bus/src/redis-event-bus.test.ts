import { describe, expect, it } from 'vitest';
import type { Delivery } from '@kindred/domain';
import { RedisEventBus } from './redis-event-bus.js';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL)
  console.warn('RedisEventBus tests did not run: set REDIS_URL (e.g. redis://127.0.0.1:6379) to run them.');

describe.skipIf(!REDIS_URL)('RedisEventBus against a real Redis (needs REDIS_URL)', () => {
  it('delivers what any process publishes to the subscribers of every process, in order', async () => {
    const channel = `kindred:test:${Math.random().toString(36).slice(2)}`;
    const [one, two] = await Promise.all([
      RedisEventBus.connect(REDIS_URL!, () => {}, channel),
      RedisEventBus.connect(REDIS_URL!, () => {}, channel),
    ]);
    try {
      const seenByTwo: Delivery[] = [];
      const seenByOne: Delivery[] = [];
      two.subscribe((deliveries) => seenByTwo.push(...deliveries));
      one.subscribe((deliveries) => seenByOne.push(...deliveries));
      const frames = Array.from({ length: 50 }, (_, i) => ({
        userId: `user-${i % 3}`,
        frame: { type: 'test', data: { i }, id: String(i), at: new Date(0).toISOString() },
      }));
      for (const delivery of frames) await one.publish([delivery]);
      // Each process hears the channel on its own connection: wait for both before comparing.
      await expect.poll(() => seenByTwo.length, { timeout: 5_000 }).toBe(50);
      await expect.poll(() => seenByOne.length, { timeout: 5_000 }).toBe(50);
      expect(seenByTwo).toEqual(frames);
      expect(seenByOne).toEqual(frames);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
