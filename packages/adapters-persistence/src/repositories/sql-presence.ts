import type { PresenceRegistry } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { translating } from '../database-errors.js';

/** A node whose heartbeat is older than this is dead: its sockets no longer count. */
const NODE_TIMEOUT_SECONDS = 45;

/**
 * Who has sockets open on which server process, in PostgreSQL so that every
 * node sees the same answer. Each node counts its own sockets per member and
 * beats every few seconds (`heartbeat`); the rows of a node that stopped
 * beating are removed by the others, so a crashed node does not keep its
 * members online for ever.
 */
export class SqlPresence implements PresenceRegistry {
  constructor(
    private readonly orm: Orm,
    readonly nodeId: string,
  ) {}

  /** Registers or refreshes this node and forgets nodes that stopped beating. */
  heartbeat(): Promise<void> {
    return translating(async () => {
      const connection = this.orm.em.getConnection();
      await connection.execute(
        `insert into server_nodes (id, heartbeat_at) values (?, now())
         on conflict (id) do update set heartbeat_at = now()`,
        [this.nodeId],
      );
      await connection.execute(
        `delete from server_nodes where heartbeat_at < now() - make_interval(secs => ?)`,
        [NODE_TIMEOUT_SECONDS],
      );
    });
  }

  /** This node stops: its sockets are gone. */
  leave(): Promise<void> {
    return translating(async () => {
      await this.orm.em.getConnection().execute('delete from server_nodes where id = ?', [this.nodeId]);
    });
  }

  connected(userId: string): Promise<boolean> {
    return translating(async () => {
      const rows = (await this.orm.em.getConnection().execute(
        `with mine as (
           insert into presence (node_id, user_id, sockets) values (?, ?, 1)
           on conflict (user_id, node_id) do update set sockets = presence.sockets + 1
           returning sockets)
         select (select sockets from mine) = 1 and not exists (${this.elsewhere()}) as first`,
        [this.nodeId, userId, userId, this.nodeId, NODE_TIMEOUT_SECONDS],
      )) as { first: boolean }[];
      return rows[0]?.first ?? false;
    });
  }

  disconnected(userId: string): Promise<boolean> {
    return translating(async () => {
      const connection = this.orm.em.getConnection();
      await connection.execute(
        `with less as (
           update presence set sockets = sockets - 1 where node_id = ? and user_id = ? and sockets > 1 returning 1)
         delete from presence where node_id = ? and user_id = ? and sockets = 1 and not exists (select 1 from less)`,
        [this.nodeId, userId, this.nodeId, userId],
      );
      const rows = (await connection.execute(
        `select not exists (select 1 from presence where node_id = ? and user_id = ?) and not exists (${this.elsewhere()}) as last`,
        [this.nodeId, userId, userId, this.nodeId, NODE_TIMEOUT_SECONDS],
      )) as { last: boolean }[];
      return rows[0]?.last ?? false;
    });
  }

  isOnline(userId: string): Promise<boolean> {
    return translating(async () => {
      const rows = (await this.orm.em
        .getConnection()
        .execute(
          `select exists (${this.elsewhere()}) or exists (select 1 from presence where node_id = ? and user_id = ?) as online`,
          [userId, this.nodeId, NODE_TIMEOUT_SECONDS, this.nodeId, userId],
        )) as { online: boolean }[];
      return rows[0]?.online ?? false;
    });
  }

  /** Sockets of the member (param 1) on live nodes other than this one (param 2), timeout (param 3). */
  private elsewhere(): string {
    return `select 1 from presence p join server_nodes n on n.id = p.node_id
             where p.user_id = ? and p.node_id <> ? and n.heartbeat_at > now() - make_interval(secs => ?)`;
  }
}
