// The moderation page: plain DOM over the SDK (`window.Kindred`, from kindred-client.js), same origin,
// cookie session. No inline script or style anywhere: the page runs under a strict Content-Security-Policy.
'use strict';

(() => {
  const { createKindredClient, KindredError } = window.Kindred;
  const client = createKindredClient({ baseUrl: location.origin });
  const $ = (id) => document.getElementById(id);
  let cursor = null;

  const explain = (error) =>
    error instanceof KindredError
      ? `${error.code}: ${error.errors.length ? error.errors.map((e) => `${e.path} ${e.message}`).join('; ') : error.message}`
      : String(error);
  const show = (id, text) => ($(id).textContent = text);
  const call = async (promise) => {
    show('desk-error', '');
    try {
      return (await promise).data;
    } catch (error) {
      show('desk-error', explain(error));
      throw error;
    }
  };

  async function enter(me) {
    if (me.role !== 'moderator' && me.role !== 'admin') {
      await client.logOut();
      show('login-error', 'This account is not a moderator.');
      return;
    }
    $('login').hidden = true;
    $('desk').hidden = false;
    $('logout').hidden = false;
    show('who', `${me.username} (${me.role})`);
    await reload();
  }

  async function reload() {
    cursor = null;
    $('queue').replaceChildren();
    await Promise.all([loadQueue(), loadAudit()]);
  }

  async function loadQueue() {
    const status = $('status').value;
    const page = await call(
      client.api.GET('/api/v1/admin/reports', {
        params: { query: { status, limit: 20, ...(cursor && { cursor }) } },
      }),
    );
    for (const group of page.items) $('queue').append(renderGroup(group));
    cursor = page.nextCursor;
    $('more').hidden = !cursor;
  }

  async function loadAudit() {
    const page = await call(client.api.GET('/api/v1/admin/audit', { params: { query: { limit: 50 } } }));
    $('audit').replaceChildren(
      ...page.items.map((entry) => {
        const row = document.createElement('tr');
        for (const value of [
          new Date(entry.at).toLocaleString(),
          entry.moderator.username,
          entry.action,
          entry.target.username,
          entry.reason ?? '',
          entry.until ? new Date(entry.until).toLocaleString() : '',
        ]) {
          const cell = document.createElement('td');
          cell.textContent = value;
          row.append(cell);
        }
        return row;
      }),
    );
  }

  function renderGroup(group) {
    const node = $('group').content.firstElementChild.cloneNode(true);
    const { user } = group;
    node.dataset.user = user.username;
    node.querySelector('.username').textContent = user.username;
    node.querySelector('.status').textContent =
      user.status + (user.suspendedUntil ? ` until ${new Date(user.suspendedUntil).toLocaleString()}` : '');
    node.querySelector('.hidden-flag').hidden = !user.hidden;
    node.querySelector('.count').textContent = `${group.distinctReporters} distinct reporter(s)`;
    const reports = node.querySelector('.reports');
    for (const report of group.reports) {
      const item = document.createElement('li');
      item.textContent = `${report.reporter.username}, ${new Date(report.createdAt).toLocaleString()}: ${report.reason ?? '(no reason)'} [${report.status}]`;
      reports.append(item);
    }
    const reason = node.querySelector('.reason');
    const act = async (work) => {
      await call(work(reason.value));
      await reload();
    };
    renderPictures(node, user, reason);
    const path = { params: { path: { id: user.id } } };
    node.querySelector('.dismiss').addEventListener('click', () =>
      act((note) =>
        client.api.POST('/api/v1/admin/users/{id}/dismiss-reports', {
          ...path,
          body: { note: note || null },
        }),
      ),
    );
    node.querySelector('.suspend').addEventListener('click', () => {
      const seconds = Number(node.querySelector('.duration').value);
      const until = new Date(Date.now() + seconds * 1000).toISOString();
      return act((text) =>
        client.api.POST('/api/v1/admin/users/{id}/suspend', { ...path, body: { until, reason: text } }),
      );
    });
    node.querySelector('.ban').addEventListener('click', () =>
      act((text) =>
        client.api.POST('/api/v1/admin/users/{id}/suspend', {
          ...path,
          body: { until: null, reason: text },
        }),
      ),
    );
    node
      .querySelector('.lift')
      .addEventListener('click', () =>
        act(() => client.api.DELETE('/api/v1/admin/users/{id}/suspend', path)),
      );
    return node;
  }

  /** The member's pictures, each with a remove button. */
  function renderPictures(node, user, reason) {
    for (const picture of user.pictures) {
      const figure = document.createElement('figure');
      const img = document.createElement('img');
      img.src = picture.url;
      img.alt = `A picture of ${user.username}`;
      const remove = document.createElement('button');
      remove.textContent = 'Remove';
      remove.className = 'remove-picture';
      remove.addEventListener('click', async () => {
        await call(
          client.api.DELETE('/api/v1/admin/users/{id}/pictures/{pictureId}', {
            params: { path: { id: user.id, pictureId: picture.id } },
            body: { reason: reason.value },
          }),
        );
        await reload();
      });
      figure.append(img, remove);
      node.querySelector('.pictures').append(figure);
    }
  }

  $('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    show('login-error', '');
    try {
      await enter(await client.logIn(String(form.get('username')), String(form.get('password'))));
    } catch (error) {
      show('login-error', explain(error));
    }
  });
  $('logout').addEventListener('click', async () => {
    await client.logOut();
    location.reload();
  });
  $('refresh').addEventListener('click', () => void reload());
  $('status').addEventListener('change', () => void reload());
  $('more').addEventListener('click', () => void loadQueue());
  client.on('session.ended', () => location.reload());

  // A session this browser still holds (the HttpOnly cookie) opens the desk at once.
  client.resume().then(
    (me) => me && enter(me),
    () => {},
  );
})();
