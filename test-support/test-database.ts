import { inject } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';

/**
 * A fresh, empty database on the shared test server, for one test file:
 * files run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(label: string): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `${inject('pgRunPrefix')}${label.replace(/\W+/g, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
