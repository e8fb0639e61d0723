import type { PresenceRegistry } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { Database, sql } from '../sql/sql.js';
import { isUuid } from '../schemas/uuid.js';

/** A node whose heartbeat is older than this is dead: its sockets no longer count. */
export const NODE_TIMEOUT_SECONDS = 45;

/** Sockets of the member ($1) on live nodes other than this one ($2), the timeout being $3. */
const ELSEWHERE = `select 1 from presence p join server_nodes n on n.id = p.node_id
                    where p.user_id = $1 and p.node_id <> $2 and n.heartbeat_at > now() - make_interval(secs => $3)`;

const BEAT = sql<[string]>(
  `insert into server_nodes (id, heartbeat_at) values ($1, now())
   on conflict (id) do update set heartbeat_at = now()`,
);
const FORGET_DEAD_NODES = sql<[number]>(
  'delete from server_nodes where heartbeat_at < now() - make_interval(secs => $1)',
);
const LEAVE = sql<[string]>('delete from server_nodes where id = $1');
const CONNECTED = sql<[string, string, number], { first: boolean }>(
  `with mine as (
     insert into presence (node_id, user_id, sockets) values ($2, $1, 1)
     on conflict (user_id, node_id) do update set sockets = presence.sockets + 1
     returning sockets)
   select (select sockets from mine) = 1 and not exists (${ELSEWHERE}) as first`,
);
const DISCONNECTED = sql<[string, string]>(
  `with less as (
     update presence set sockets = sockets - 1 where node_id = $2 and user_id = $1 and sockets > 1 returning 1)
   delete from presence where node_id = $2 and user_id = $1 and sockets = 1 and not exists (select 1 from less)`,
);
const GONE = sql<[string, string, number], { last: boolean }>(
  `select not exists (select 1 from presence where node_id = $2 and user_id = $1) and not exists (${ELSEWHERE}) as last`,
);
const ONLINE = sql<[string, string, number], { online: boolean }>(
  `select exists (${ELSEWHERE}) or exists (select 1 from presence where node_id = $2 and user_id = $1) as online`,
);

/**
 * Who has sockets open on which server process, in PostgreSQL so that every
 * node sees the same answer. Each node counts its own sockets per member and
 * beats every few seconds (`heartbeat`); the rows of a node that stopped
 * beating are removed by the others, so a crashed node does not keep its
 * members online for ever.
 */
export class SqlPresence implements PresenceRegistry {
  private readonly db: Database;

  constructor(
    orm: Orm,
    readonly nodeId: string,
  ) {
    this.db = new Database(orm);
  }

  /** Registers or refreshes this node and forgets nodes that stopped beating. */
  async heartbeat(): Promise<void> {
    await this.db.run(BEAT, this.nodeId);
    await this.db.run(FORGET_DEAD_NODES, NODE_TIMEOUT_SECONDS);
  }

  /** This node stops: its sockets are gone. */
  async leave(): Promise<void> {
    await this.db.run(LEAVE, this.nodeId);
  }

  async connected(userId: string): Promise<boolean> {
    if (!isUuid(userId)) return false;
    return (await this.db.first(CONNECTED, userId, this.nodeId, NODE_TIMEOUT_SECONDS))?.first ?? false;
  }

  async disconnected(userId: string): Promise<boolean> {
    if (!isUuid(userId)) return false;
    await this.db.run(DISCONNECTED, userId, this.nodeId);
    return (await this.db.first(GONE, userId, this.nodeId, NODE_TIMEOUT_SECONDS))?.last ?? false;
  }

  async isOnline(userId: string): Promise<boolean> {
    if (!isUuid(userId)) return false;
    return (await this.db.first(ONLINE, userId, this.nodeId, NODE_TIMEOUT_SECONDS))?.online ?? false;
  }
}
