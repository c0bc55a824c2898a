import { fetch as expoFetch } from 'expo/fetch';
import type { FetchLike } from '@mana/client';

/** React Native's global fetch buffers the whole body; expo/fetch hands out a ReadableStream, which SSE needs. */
export const platformFetch: FetchLike = (input, init) =>
  expoFetch(input, init as Parameters<typeof expoFetch>[1]) as unknown as Promise<Response>;
