export * from './roles.js';
export * from './suspension.js';
export * from './reports.js';
export * from './audit.js';
