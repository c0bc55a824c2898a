import type { FastifyReply, FastifyRequest } from 'fastify';
import { UI_MESSAGE_STREAM_HEADER, UI_MESSAGE_STREAM_VERSION } from '@mana/contracts';
import type { ReplyLog } from './reply-log';
import { pipeReplyLog } from './reply-stream';
import { SseConnection } from './sse-connection';

/** Answers with a reply's log as an AI SDK UI Message Stream, from `fromSeq` on. */
export function streamReply(reply: FastifyReply, log: ReplyLog, fromSeq = 0): void {
  const connection = new SseConnection(reply, { [UI_MESSAGE_STREAM_HEADER]: UI_MESSAGE_STREAM_VERSION });
  pipeReplyLog(log, connection, fromSeq);
}

/** JSON unless the client asks for an event stream; a client that says nothing gets the stream. */
export function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/event-stream');
}

/** The sequence to resume after: `Last-Event-ID` from a reconnecting client, or -1. */
export function lastEventId(request: FastifyRequest): number {
  const header = request.headers['last-event-id'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,9}$/.test(value.trim())) return -1;
  return Number(value);
}
