export * from './chat-repository.contract.js';
export * from './discovery-repository.contract.js';
export * from './event-log.contract.js';
export * from './hostile-values.contract.js';
export * from './moderation-repository.contract.js';
export * from './one-time-token-repository.contract.js';
export * from './repository-kit.js';
export * from './session-repository.contract.js';
export * from './social-repository.contract.js';
export * from './user-repository.contract.js';

import { chatRepositoryContract } from './chat-repository.contract.js';
import { discoveryRepositoryContract } from './discovery-repository.contract.js';
import { eventLogContract } from './event-log.contract.js';
import { hostileValuesContract } from './hostile-values.contract.js';
import { moderationRepositoryContract } from './moderation-repository.contract.js';
import { oneTimeTokenRepositoryContract } from './one-time-token-repository.contract.js';
import type { StoreKit } from './repository-kit.js';
import { sessionRepositoryContract } from './session-repository.contract.js';
import { socialRepositoryContract } from './social-repository.contract.js';
import { userPicturesContract, userRepositoryContract } from './user-repository.contract.js';

/** Every contract suite against one adapter: the in-memory one and PostgreSQL must both pass all of them. */
export function repositoryContracts(name: string, makeKit: () => Promise<StoreKit>): void {
  userRepositoryContract(name, makeKit);
  userPicturesContract(name, makeKit);
  sessionRepositoryContract(name, makeKit);
  oneTimeTokenRepositoryContract(name, makeKit);
  socialRepositoryContract(name, makeKit);
  chatRepositoryContract(name, makeKit);
  discoveryRepositoryContract(name, makeKit);
  eventLogContract(name, makeKit);
  hostileValuesContract(name, makeKit);
  moderationRepositoryContract(name, makeKit);
}
