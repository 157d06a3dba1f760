export * from './contracts-client';
