import { AppError, type Result } from '@mana/contracts';

export { AppError };
export type { Result };

/**
 * Controllers end a service's Result here: a value is returned, an error is thrown as the AppError it
 * is, and the global filter turns it into the envelope.
 */
export function unwrap<T>(result: Result<T, AppError>): T {
  if (result.ok) return result.value;
  throw result.error;
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
