export * from './filesystem-picture-storage.js';
export * from './sharp-image-processor.js';
