export * from './validation-error.js';
