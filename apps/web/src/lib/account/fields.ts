import { AppError } from '@mana/contracts';

/** The field paths a 400 `VALIDATION` answer names (`details.fields[].path`). */
export function invalidFields(error: unknown): string[] {
  if (!(error instanceof AppError) || error.code !== 'VALIDATION') return [];
  const fields = (error.details as { fields?: { path?: string }[] } | undefined)?.fields ?? [];
  return fields.map((f) => f.path ?? '').filter(Boolean);
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MIN_PASSWORD = 8;
