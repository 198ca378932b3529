export * from './id-number';
export * from './phone';
export * from './region';
export * from './temperature';
export * from './time';
