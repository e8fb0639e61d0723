import type { Clock, PictureStorage, UseCases } from '@kindred/domain';
import type { Logger } from 'pino';
import type { RequestObservation } from './middleware/request-context.js';

export interface HttpDeps {
  /** The domain's use cases (its one list, `createUseCases`); routes call the ones they serve. */
  readonly useCases: UseCases;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Serves `/media/…`. */
  readonly pictureStorage: PictureStorage;
  /** Origins allowed by CORS; `['*']` allows any (without credentials). */
  readonly corsOrigins: readonly string[];
  /** Trust `X-Forwarded-For` (behind a load balancer). */
  readonly trustProxy: boolean;
  /** Whether the database answers (for `/ready`). */
  readonly isReady: () => Promise<boolean>;
  /** Told of every answered request (the metrics). */
  readonly observe?: (request: RequestObservation) => void;
  /** Called with the session id each time a session ends (to close its sockets on every node). */
  readonly onSessionRevoked?: (sessionId: string) => void;
}
