import type { StreamChunk } from '@mana/contracts';
import { readServerSentEvents } from './sse.js';

/** A chunk of a reply's UI Message Stream with its sequence number (the SSE id). */
export interface ReplyStreamEvent {
  seq: number;
  chunk: StreamChunk;
}

/**
 * Reads a reply stream (AI SDK UI Message Stream v1) and yields its chunks with their sequence ids;
 * ends at `data: [DONE]`. Keep the last `seq` to resume with `Last-Event-ID`.
 */
export async function* readReplyStream(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<ReplyStreamEvent> {
  for await (const event of readServerSentEvents(body, signal)) {
    if (event.data === '[DONE]') return;
    const seq = event.id === undefined ? Number.NaN : Number(event.id);
    yield { seq, chunk: JSON.parse(event.data) as StreamChunk };
  }
}

/** The state of one assistant reply as a client builds it from the stream. */
export interface ReplyState {
  messageId: string | null;
  text: string;
  reasoning: string;
  status: 'streaming' | 'complete' | 'failed' | 'cancelled';
  error: { code: string; message: string } | null;
  usage: Extract<StreamChunk, { type: 'data-usage' }>['data'] | null;
  lastSeq: number;
}

export const emptyReply = (): ReplyState => ({
  messageId: null,
  text: '',
  reasoning: '',
  status: 'streaming',
  error: null,
  usage: null,
  lastSeq: -1,
});

/** Folds one event into the reply; events at or below `lastSeq` are ignored, so replays never double text. */
export function applyReplyEvent(state: ReplyState, event: ReplyStreamEvent): ReplyState {
  if (!Number.isNaN(event.seq) && event.seq <= state.lastSeq) return state;
  const next = { ...state, lastSeq: Number.isNaN(event.seq) ? state.lastSeq : event.seq };
  const chunk = event.chunk;
  switch (chunk.type) {
    case 'start':
      next.messageId = chunk.messageId;
      break;
    case 'text-delta':
      next.text += chunk.delta;
      break;
    case 'reasoning-delta':
      next.reasoning += chunk.delta;
      break;
    case 'data-usage':
      next.usage = chunk.data;
      break;
    case 'data-error':
      next.error = { code: chunk.data.code, message: chunk.data.message };
      next.status = 'failed';
      break;
    case 'error':
      next.status = 'failed';
      next.error ??= { code: 'UPSTREAM_ERROR', message: chunk.errorText };
      break;
    case 'abort':
      next.status = 'cancelled';
      break;
    case 'finish':
      if (next.status === 'streaming') next.status = 'complete';
      break;
    default:
      break;
  }
  return next;
}
