/** Moved to query.ts (one module for whole-partition reads); kept until every caller imports query.ts. */
export { countAll, queryAll } from './query';
