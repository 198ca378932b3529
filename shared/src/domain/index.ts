export * from './id-number';
export * from './ids';
export * from './phone';
export * from './plate';
export * from './privacy-notice';
export * from './region';
export * from './temperature';
export * from './time';
