// A single page on the SDK: log in (cookie mode: the refresh token never reaches this script),
// then notifications and messages live. Served by `npm run example:web` with the SDK bundled.
import { createKindredClient, KindredError } from './kindred-client.js';

const params = new URLSearchParams(location.search);
const kindred = createKindredClient({ baseUrl: params.get('api') ?? 'http://localhost:3000' });
const $ = (id) => document.getElementById(id);
const item = (text, note) => {
  const li = document.createElement('li');
  li.textContent = text;
  if (note) li.append(' ', Object.assign(document.createElement('small'), { textContent: note }));
  return li;
};

kindred.on('connection', ({ state }) => ($('state').textContent = state));
kindred.on('notification', (n) =>
  $('notifications').prepend(
    item(`${n.type}${n.actor ? ` — ${n.actor.username}` : ''}`, new Date(n.createdAt).toLocaleTimeString()),
  ),
);
kindred.on('message.new', (m) =>
  $('messages').prepend(
    item(`${m.sender.username}: ${m.content}`, new Date(m.createdAt).toLocaleTimeString()),
  ),
);
kindred.on('resync', () => void load());
kindred.on('session.ended', () => location.reload());

async function load() {
  const [{ data: notes }, { data: conversations }] = await Promise.all([
    kindred.api.GET('/api/v1/notifications', { params: { query: { limit: 10 } } }),
    kindred.api.GET('/api/v1/conversations', { params: { query: { limit: 20 } } }),
  ]);
  $('notifications').replaceChildren(
    ...notes.items.map((n) => item(`${n.type}${n.actor ? ` — ${n.actor.username}` : ''}`)),
  );
  $('to').replaceChildren(
    ...conversations.items.map((c) =>
      Object.assign(document.createElement('option'), {
        value: c.id,
        textContent:
          c.title ??
          c.participants
            .filter((p) => p.id !== kindred.user.id)
            .map((p) => p.username)
            .join(', '),
      }),
    ),
  );
}

async function start() {
  $('login').hidden = true;
  $('app').hidden = false;
  $('me').textContent = kindred.user.username;
  await load();
  await kindred.connect();
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    await kindred.logIn(form.get('username'), form.get('password'));
    await start();
  } catch (error) {
    $('error').textContent = error instanceof KindredError ? error.message : String(error);
  }
});
$('send').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text || !$('to').value) return;
  $('text').value = '';
  await kindred.sendMessage($('to').value, text).catch((error) => alert(error.message));
});
$('logout').addEventListener('click', () => kindred.logOut());

// Back on the page: the cookie may still hold a session.
kindred.resume().then(
  (me) => me && start(),
  () => {},
);
