import { describe, expect, it } from 'vitest';
import { MmdbIpLocator } from './mmdb-ip-locator.js';

describe('MmdbIpLocator', () => {
  it('places public addresses, v4, v4-mapped and v6, and not private ones', async () => {
    const locator = await MmdbIpLocator.open();
    const bracknell = await locator.locate('81.2.69.160');
    expect(bracknell).toMatchObject({ city: 'Bracknell' });
    expect(bracknell!.latitude).toBeCloseTo(51.4, 0);
    expect(await locator.locate('::ffff:81.2.69.160')).toEqual(bracknell);
    expect(await locator.locate('2001:4860:4860::8888')).not.toBeNull();
    for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.0.1', '::1', 'not an ip'])
      expect(await locator.locate(ip)).toBeNull();
  });
});
