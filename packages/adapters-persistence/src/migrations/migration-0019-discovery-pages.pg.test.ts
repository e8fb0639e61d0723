import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test-support/test-database.js';
import { createOrm, type Orm } from '../orm.js';

/** Browses under way when migration 0019 runs are carried over to one row per page, and back. */
let orm: Orm;
const id = (kind: string, n: number) => `00000000-0000-7000-${kind}-${n.toString(16).padStart(12, '0')}`;
const [viewer, other] = [id('8000', 1), id('8000', 2)];
const [browse, otherBrowse] = [id('b000', 1), id('b000', 2)];
const started = new Date('2026-11-22T12:00:00.000Z');
const execute = (text: string, values: unknown[] = []) => orm.em.fork().getConnection().execute(text, values);

beforeAll(async () => {
  orm = await createOrm({ databaseUrl: await createTestDatabase('migration_0019') });
  await orm.getMigrator().up({ to: '0018-browses-without-viewer-key' });
});
afterAll(() => orm?.close());

describe('migration 0019 (discovery pages)', () => {
  it('carries browses over page by page in the order they were shown, and back', async () => {
    await execute(`insert into discovery_browses (id, viewer_id, started_at) values (?, ?, ?), (?, ?, ?)`, [
      browse,
      viewer,
      started,
      otherBrowse,
      other,
      started,
    ]);
    // Page 0 showed members 3 then 2, page 1 member 4; the other browse's page 0 member 5.
    const shown = [
      [browse, id('8000', 3), 0, 1],
      [browse, id('8000', 2), 0, 2],
      [browse, id('8000', 4), 1, 1],
      [otherBrowse, id('8000', 5), 0, 1],
    ];
    for (const row of shown)
      await execute(
        'insert into discovery_shown (browse_id, user_id, page, position) values (?, ?, ?, ?)',
        row,
      );

    await orm.getMigrator().up({ to: '0019-discovery-pages' });
    const pages = await execute(
      `select browse_id, page, viewer_id, started_at = ? as started_at, user_ids::text[] as user_ids
         from discovery_pages order by browse_id, page`,
      [started],
    );
    expect(pages).toEqual([
      {
        browse_id: browse,
        page: 0,
        viewer_id: viewer,
        started_at: true,
        user_ids: [id('8000', 3), id('8000', 2)],
      },
      { browse_id: browse, page: 1, viewer_id: viewer, started_at: true, user_ids: [id('8000', 4)] },
      { browse_id: otherBrowse, page: 0, viewer_id: other, started_at: true, user_ids: [id('8000', 5)] },
    ]);

    await orm.getMigrator().down({ to: '0019-discovery-pages' });
    expect(
      await execute('select id, viewer_id, started_at = ? as started_at from discovery_browses order by id', [
        started,
      ]),
    ).toEqual([
      { id: browse, viewer_id: viewer, started_at: true },
      { id: otherBrowse, viewer_id: other, started_at: true },
    ]);
    const back = await execute('select browse_id, user_id, page, position from discovery_shown');
    expect(back.map((r) => [r.browse_id, r.user_id, r.page, Number(r.position)])).toEqual(
      expect.arrayContaining(shown),
    );
    expect(back).toHaveLength(shown.length);
  });
});
