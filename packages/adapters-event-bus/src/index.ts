export * from './redis-event-bus.js';
export { InProcessEventBus } from '@kindred/domain/testing';
