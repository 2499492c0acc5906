export * from './errors.js';
export * from './text.js';
export * from './codec.js';
