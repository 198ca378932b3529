import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger per container. Log ids, codes and counts only: never a request body,
 * a query string, a name, an ID number or a phone.
 */
export const logger = new Logger({ serviceName: 'grid-platform' });
