export * from './realtime-server.js';
export * from './frame-publisher.js';
