import type { FetchLike } from '@mana/client';

/** Browsers stream response bodies natively. */
export const platformFetch: FetchLike = (input, init) => globalThis.fetch(input, init);
