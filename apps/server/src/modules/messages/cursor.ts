import { uuidSchema } from '@mana/contracts';

/** Keyset cursors are opaque to clients: a message id, encoded so nobody builds them by hand. */
export const encodeCursor = (messageId: string) => Buffer.from(`m:${messageId}`).toString('base64url');

export function decodeCursor(cursor: string): string | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('m:')) return null;
  const id = text.slice(2);
  return uuidSchema.safeParse(id).success ? id : null;
}
