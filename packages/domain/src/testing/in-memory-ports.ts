import type { Ports } from '../ports/index.js';
import { NoRateLimits } from '../limits/no-rate-limits.js';
import { InMemoryMailOutbox } from './in-memory-mail-outbox.js';
import { DeliverMailRequest } from '../use-cases/deliver-mail-request.js';
import { FakeClock } from './fake-clock.js';
import { InMemoryAccessTokens } from './in-memory-access-tokens.js';
import { InMemoryOneTimeTokenRepository } from './in-memory-one-time-token-repository.js';
import { InMemorySecretTokens } from './in-memory-secret-tokens.js';
import { InMemorySessionRepository } from './in-memory-session-repository.js';
import { InMemoryUserRepository } from './in-memory-user-repository.js';
import { PlainPasswordHasher } from './plain-password-hasher.js';
import { RecordingMailer } from './recording-mailer.js';
import { SequentialIds } from './sequential-ids.js';
import { InMemoryInterestCatalog } from './in-memory-interest-catalog.js';
import { InMemoryNotificationRepository, InMemorySocialRepository } from './in-memory-social.js';
import { InMemoryDiscovery } from './in-memory-discovery.js';
import { InMemoryChatRepository, RecordingEventPublisher } from './in-memory-chat.js';
import { InMemoryEventLog } from './in-memory-realtime.js';
import { SetPasswordBlocklist } from './set-password-blocklist.js';
import { InMemoryModerationRepository } from './in-memory-moderation.js';
import { isSuspended } from '../moderation/suspension.js';
import { InMemoryPictureStorage, SignatureImageProcessor, TableIpLocator } from './in-memory-pictures.js';

/** Every port, in memory and wired together: the domain running on its own. */
export function createInMemoryPorts() {
  const clock = new FakeClock();
  const users = new InMemoryUserRepository();
  const sessions = new InMemorySessionRepository();
  const oneTimeTokens = new InMemoryOneTimeTokenRepository();
  const social = new InMemorySocialRepository();
  const notifications = new InMemoryNotificationRepository(social);
  const eventLog = new InMemoryEventLog();
  const chat = new InMemoryChatRepository({ eventLog, notices: notifications, users });
  social.isSuspended = (id) => {
    const user = users.peek(id);
    return user !== undefined && isSuspended(user, clock.now());
  };
  const moderation = new InMemoryModerationRepository(users, social);
  users.onDelete.push(
    (id) => sessions.dropUser(id),
    (id) => oneTimeTokens.dropUser(id),
    (id) => social.dropUser(id),
    (id) => notifications.dropUser(id),
    (id) => chat.dropUser(id),
  );
  const ports = {
    users,
    sessions,
    oneTimeTokens,
    hasher: new PlainPasswordHasher(),
    blocklist: new SetPasswordBlocklist(),
    secrets: new InMemorySecretTokens(),
    accessTokens: new InMemoryAccessTokens(clock),
    mailer: new RecordingMailer(),
    outbox: new InMemoryMailOutbox(),
    clock,
    ids: new SequentialIds(),
    images: new SignatureImageProcessor(),
    pictureStorage: new InMemoryPictureStorage(),
    interests: new InMemoryInterestCatalog(users),
    social,
    notifications,
    discovery: new InMemoryDiscovery(users, social, moderation),
    moderation,
    chat,
    events: new RecordingEventPublisher(),
    // No limits unless a test asks for them: `{ ...createInMemoryPorts(), limits: new InMemoryRateLimiter(clock) }`.
    limits: new NoRateLimits(),
    ipLocator: new TableIpLocator({
      '81.2.69.160': { latitude: 51.4036, longitude: -0.7618, city: 'Bracknell' },
    }),
  } satisfies Ports;
  const deliverer = new DeliverMailRequest(ports);
  ports.outbox.deliver = (request) => deliverer.execute(request);
  // Not a port of the use cases (the publisher's): here for whoever replays or checks what the outbox logged.
  return Object.assign(ports, { eventLog });
}

export type InMemoryPorts = ReturnType<typeof createInMemoryPorts>;
