import { readFile } from 'node:fs/promises';
import pg from 'pg';
import WebSocket from 'ws';
import { JoseAccessTokens } from '@kindred/adapters-security';
import { BENCH_JWT_SECRET } from './bench-server.js';

/** What bench:chat and its soak share: members in connected pairs, sockets, percentiles, memory. */

export interface Member {
  readonly id: string;
  readonly token: string;
}

/** 2 × `pairs` verified members in connected pairs, each pair with its direct conversation (bulk SQL). */
export async function load(
  databaseUrl: string,
  pairs: number,
): Promise<{ members: Member[]; conversations: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('set session_replication_role = replica'); // no NOTIFY triggers during the load
    const { rows } = await client.query<{ id: string; session: string; i: number }>(
      `with made as (
         insert into users (id, username, username_key, email, email_verified, password_hash, first_name, last_name,
                            interests, social_links, created_at, updated_at)
         select gen_random_uuid(), 'chat' || i, 'chat' || i, 'chat' || i || '@bench.test', true, 'x', 'Chat', 'Bench',
                '{}', '{}', now(), now()
           from generate_series(0, $1::int - 1) i
         returning id, (substring(username from 5))::int as i),
       sessions as (insert into sessions (id, user_id, created_at) select gen_random_uuid(), id, now() from made returning id, user_id)
       select made.id, sessions.id as session, made.i from made join sessions on sessions.user_id = made.id order by made.i`,
      [pairs * 2],
    );
    await client.query(
      `insert into likes (liker_id, liked_id, created_at)
       select a.id, b.id, now() from users a join users b
         on b.username = 'chat' || ((substring(a.username from 5))::int # 1)
        where a.username like 'chat%'`,
    );
    const conversations = await client.query<{ id: string; i: number }>(
      `with pairs as (
         select a.id as a, b.id as b, (substring(a.username from 5))::int / 2 as i
           from users a join users b on b.username = 'chat' || ((substring(a.username from 5))::int + 1)
          where a.username like 'chat%' and (substring(a.username from 5))::int % 2 = 0),
       made as (
         insert into conversations (id, kind, created_by, direct_key, created_at, updated_at)
         select gen_random_uuid(), 'direct', a, least(a::text, b::text) || '|' || greatest(a::text, b::text), now(), now()
           from pairs returning id, created_by),
       joined as (
         insert into conversation_participants (conversation_id, user_id, joined_at)
         select made.id, u, now() from made join pairs on pairs.a = made.created_by, unnest(array[pairs.a, pairs.b]) u
         returning 1)
       select made.id, pairs.i from made join pairs on pairs.a = made.created_by order by pairs.i`,
    );
    await client.query('set session_replication_role = origin');
    await client.query('analyze');
    const tokens = new JoseAccessTokens(BENCH_JWT_SECRET);
    const members = await Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        token: await tokens.issue({ userId: r.id, sessionId: r.session }),
      })),
    );
    return { members, conversations: conversations.rows.map((r) => r.id) };
  } finally {
    await client.end();
  }
}

export interface Socket {
  readonly ws: WebSocket;
  onFrame: (frame: {
    type: string;
    id?: string;
    data: { id: string; conversationId: string; content: string; clientMessageId: string | null };
  }) => void;
}

export async function openSockets(url: string, members: readonly Member[], batch = 200): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < members.length; i += batch) {
    sockets.push(
      ...(await Promise.all(
        members.slice(i, i + batch).map(
          (m) =>
            new Promise<Socket>((resolve, reject) => {
              const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/ws`, {
                headers: { authorization: `Bearer ${m.token}` },
                perMessageDeflate: false,
              });
              const socket: Socket = { ws, onFrame: () => {} };
              ws.on('message', (data) => socket.onFrame(JSON.parse(data.toString())));
              ws.once('open', () => resolve(socket));
              ws.once('error', reject);
            }),
        ),
      )),
    );
  }
  return sockets;
}

export async function closeAll(sockets: readonly Socket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.ws.readyState === WebSocket.CLOSED) return resolve();
          s.ws.once('close', () => resolve());
          s.ws.close();
        }),
    ),
  );
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}
