export * from './realtime-server.js';
export * from './client-frames.js';
