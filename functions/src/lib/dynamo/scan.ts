/** Moved to query.ts (parallelScan, scanTypes); kept until every caller imports query.ts. */
export { scanTypes } from './query';
