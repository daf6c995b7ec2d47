// Every thrown thing becomes an ApiError: ours as they are, ledger refusals by their code,
// Hono's HTTPExceptions by status (malformed JSON), anything else a logged 500.
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { LedgerError } from './ports.ts';
import { ApiError } from './problem.ts';

export function toProblem(error: unknown, logger: Logger): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof LedgerError) return new ApiError(error.code, error.message, error.details);
  if (error instanceof HTTPException) {
    if (error.status === 400) return new ApiError('invalid-json', error.message || 'The request body is not valid JSON.');
    if (error.status === 413) return new ApiError('payload-too-large', error.message);
    if (error.status === 401) return new ApiError('unauthorized', error.message);
  }
  logger.error({ err: error }, 'unhandled error');
  return new ApiError('internal', 'Something went wrong; the request id identifies it in the logs.');
}
