export * from './one-time-token-repository.contract.js';
export * from './repository-kit.js';
export * from './session-repository.contract.js';
export * from './user-repository.contract.js';

import type { KitFactory } from './repository-kit.js';
import { oneTimeTokenRepositoryContract } from './one-time-token-repository.contract.js';
import { sessionRepositoryContract } from './session-repository.contract.js';
import { userPicturesContract, userRepositoryContract } from './user-repository.contract.js';

/** Every repository contract against one adapter. */
export function repositoryContracts(name: string, makeKit: KitFactory): void {
  userRepositoryContract(name, makeKit);
  userPicturesContract(name, makeKit);
  sessionRepositoryContract(name, makeKit);
  oneTimeTokenRepositoryContract(name, makeKit);
}
export * from './social-repository.contract.js';
export * from './chat-repository.contract.js';
export * from './event-log.contract.js';
export * from './discovery-repository.contract.js';
export * from './hostile-values.contract.js';
