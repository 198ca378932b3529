import { ERROR_CATALOGUE, type ErrorCode, errorMessage } from '@grid/shared';

/** A failure the caller can act on: mapped to its HTTP status and error body in one place. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
  ) {
    super(errorMessage(code));
    this.name = 'AppError';
    this.status = ERROR_CATALOGUE[code].status;
  }
}
