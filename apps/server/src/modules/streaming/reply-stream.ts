import type { ReplyLog, ReplyReader } from './reply-log';
import type { SseConnection } from './sse-connection';

export const DONE_FRAME = 'data: [DONE]\n\n';

/**
 * Sends a reply's log to one client from `fromSeq` on, follows it while it grows, and ends with
 * `[DONE]`. The client going away only detaches this reader: the generation goes on.
 */
export function pipeReplyLog(log: ReplyLog, connection: SseConnection, fromSeq: number): void {
  let next = Math.max(0, fromSeq);
  const reader: ReplyReader = {
    wake() {
      if (connection.isWaitingForDrain || connection.isClosed) return;
      const frames = log.frames;
      while (next < frames.length) {
        // Catching up sends many frames in one write; following sends one.
        const end = frames.length;
        const chunk = end - next === 1 ? frames[next] : frames.slice(next, end).join('');
        next = end;
        if (!connection.write(chunk, reader.wake)) return;
      }
      if (log.finished) {
        log.remove(reader);
        connection.end(DONE_FRAME);
      }
    },
  };
  connection.onClose(() => log.remove(reader));
  log.add(reader);
  reader.wake();
}
