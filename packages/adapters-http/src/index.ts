export * from './app.js';
export * from './http-deps.js';
export * from './problem.js';
export { REFRESH_COOKIE } from './routes/auth-routes.js';
export { answerClientErrors } from './client-errors.js';
export type { RequestObservation } from './middleware/request-context.js';
