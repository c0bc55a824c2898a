import { z } from 'zod';
import { errorBodySchema } from './errors.js';
import { messageSchema } from './messages.js';

/**
 * A reply streams as the AI SDK UI Message Stream protocol v1 (header
 * `x-vercel-ai-ui-message-stream: v1`): SSE `data: {json}` events, `id: <sequence>` on each, and a
 * final `data: [DONE]`. AI SDK clients validate each chunk strictly, so our extra facts travel only
 * as `data-*` parts and no chunk carries fields the protocol does not define.
 */
export const UI_MESSAGE_STREAM_HEADER = 'x-vercel-ai-ui-message-stream';
export const UI_MESSAGE_STREAM_VERSION = 'v1';

export const usageDataSchema = z.object({
  modelId: z.string().nullable(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
  ttftMs: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
});
export type UsageData = z.infer<typeof usageDataSchema>;

/** The figures a stored message records, as a stream's `data-usage` part carries them. */
export const usageOfMessage = (message: UsageData): UsageData => ({
  modelId: message.modelId,
  promptTokens: message.promptTokens,
  completionTokens: message.completionTokens,
  costUsd: message.costUsd,
  ttftMs: message.ttftMs,
  durationMs: message.durationMs,
});

export const messageDataSchema = z.object({
  userMessage: messageSchema.nullable(),
  assistantMessage: messageSchema,
});
export type MessageData = z.infer<typeof messageDataSchema>;

export const streamChunkSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), messageId: z.string() }),
  z.object({ type: z.literal('text-start'), id: z.string() }),
  z.object({ type: z.literal('text-delta'), id: z.string(), delta: z.string() }),
  z.object({ type: z.literal('text-end'), id: z.string() }),
  z.object({ type: z.literal('reasoning-start'), id: z.string() }),
  z.object({ type: z.literal('reasoning-delta'), id: z.string(), delta: z.string() }),
  z.object({ type: z.literal('reasoning-end'), id: z.string() }),
  z.object({ type: z.literal('data-message'), data: messageDataSchema }),
  z.object({ type: z.literal('data-usage'), data: usageDataSchema }),
  /** Our error code travels here; the protocol's `error` chunk that follows carries the text. */
  z.object({ type: z.literal('data-error'), data: errorBodySchema }),
  z.object({ type: z.literal('error'), errorText: z.string() }),
  /** The reply was stopped by the user; its partial text is kept. */
  z.object({ type: z.literal('abort') }),
  z.object({ type: z.literal('finish') }),
]);
export type StreamChunk = z.infer<typeof streamChunkSchema>;

/** A chunk with its position in the reply's event log (the SSE `id`). */
export type SequencedChunk = { seq: number; chunk: StreamChunk };

/** Part ids inside one reply: one text part and one reasoning part. */
export const TEXT_PART_ID = 'text-0';
export const REASONING_PART_ID = 'reasoning-0';
