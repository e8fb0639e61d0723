// A Kindred bot: logs in, stays connected, and answers every message it gets.
// Run it beside a server (`npm start`, then `npm run seed` for the demo account):
//   npm run example:bot
// Settings: KINDRED_URL (http://localhost:3000), KINDRED_USERNAME (demo), KINDRED_PASSWORD.
import WebSocket from 'ws';
import { createKindredClient, KindredError } from '@kindred/client';

const baseUrl = process.env.KINDRED_URL ?? 'http://localhost:3000';
const username = process.env.KINDRED_USERNAME ?? 'demo';
const password = process.env.KINDRED_PASSWORD ?? 'kindred demo account 2026';

// In Node the refresh token is kept by the SDK (token mode), and sockets authenticate with a bearer header.
const kindred = createKindredClient({ baseUrl, WebSocket });

kindred.on('connection', ({ state, retryInMs }) =>
  console.log(retryInMs === undefined ? `connection: ${state}` : `connection: ${state} in ${retryInMs} ms`),
);
kindred.on('session.ended', ({ reason }) => {
  console.log(`session ended (${reason}): stopping`);
  process.exit(0);
});
kindred.on('notification', (n) =>
  console.log(`notification: ${n.type}${n.actor ? ` from ${n.actor.username}` : ''}`),
);
kindred.on('message.new', async (message) => {
  if (message.sender.id === kindred.user?.id) return;
  console.log(`${message.sender.username}: ${message.content}`);
  try {
    // Queued while offline, sent again after a reconnect, never doubled.
    await kindred.sendMessage(message.conversationId, `You said: “${message.content}”`);
  } catch (error) {
    console.error(`could not answer: ${error instanceof KindredError ? error.code : error}`);
  }
});

try {
  const me = await kindred.logIn(username, password);
  console.log(`logged in as ${me.username} on ${baseUrl}`);
  await kindred.connect();
  const { data } = await kindred.api.GET('/api/v1/conversations', { params: { query: { limit: 5 } } });
  console.log(`listening; ${data.items.length} recent conversation(s). Ctrl-C to stop.`);
} catch (error) {
  const reason = error instanceof KindredError ? `${error.code}: ${error.message}` : String(error);
  console.error(
    `The bot could not start: ${reason} (is the server running at ${baseUrl}, and the account seeded?)`,
  );
  process.exit(1);
}

process.on('SIGINT', async () => {
  kindred.disconnect();
  process.exit(0);
});
