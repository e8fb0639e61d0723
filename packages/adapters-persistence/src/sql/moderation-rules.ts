/**
 * The domain's moderation rules as SQL, for the queries that must apply them
 * in the database (discovery, lists, notifications). The rules live in
 * `@kindred/domain` (`isSuspended`, `isHiddenByReports`);
 * `moderation-rules.pg.test.ts` holds these copies to them.
 */

/** `isSuspended`: banned, or suspended until after `now` (SQL expressions). */
export const SUSPENDED = (alias: string, now: string) =>
  `(${alias}.banned or coalesce(${alias}.suspended_until > ${now}, false))`;

/** Members suspended or banned at `now`, read through the partial index of the few ever suspended. */
export const SUSPENDED_IDS = (now: string) =>
  `select s.id from users s where (s.banned or s.suspended_until is not null) and ${SUSPENDED('s', now)}`;

/**
 * `isHiddenByReports`: members with open reports from at least `reporters`
 * members since `since`, reporters suspended at `now` not counted. One
 * report per reporter and member (the key), so rows are distinct reporters.
 */
export const HIDDEN_BY_REPORTS = (since: string, reporters: string, now: string) =>
  `select r.reported_id from reports r
    where r.status = 'open' and r.created_at > ${since}
      and not exists (select 1 from users ru where ru.id = r.reporter_id and ${SUSPENDED('ru', now)})
    group by r.reported_id having count(*) >= ${reporters}`;
