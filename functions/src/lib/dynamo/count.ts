/** Moved to query.ts (one module for whole-partition reads); kept until every caller imports query.ts. */
export { countGsi1 } from './query';
