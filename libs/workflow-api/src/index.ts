export * from './types';
export * from './ids';
export * from './errors';
export * from './permissions';
export * from './definitions';
