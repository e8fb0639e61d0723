export {
  KindredClient,
  createKindredClient,
  type KindredClientOptions,
  type KindredEvents,
} from './client.js';
export { KindredError, CLIENT_CODES, type FieldError, type Problem } from './errors.js';
export { MemoryTokenStorage, type TokenStorage } from './token-storage.js';
export type { Me, SessionEndReason, SessionEvents } from './session.js';
export type {
  ConnectionState,
  Message,
  RealtimeEvents,
  ServerEvents,
  WebSocketConstructor,
  WebSocketLike,
} from './realtime.js';
export { CLOSE_SESSION_REVOKED } from './realtime.js';
export type { KindredApi } from './rest.js';
export type { paths, components, operations } from './generated/openapi.js';
export type { ServerFrames, ClientFrames } from './generated/frames.js';
