export * from './mmdb-ip-locator.js';
