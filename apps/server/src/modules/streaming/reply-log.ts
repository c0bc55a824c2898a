import type { StreamChunk } from '@mana/contracts';

/** How long a finished reply's exact log stays for late readers resuming with Last-Event-ID. */
export const FINISHED_LOG_RETENTION_MS = 5 * 60_000;

/** Someone reading a reply: woken whenever the log grows or ends. */
export interface ReplyReader {
  wake(): void;
}

/**
 * The event log of one reply: every chunk is serialised once, as its SSE frame, and kept, so any
 * number of readers can replay from any sequence and then follow. A reader that falls behind reads
 * from here when its socket drains: the log is the buffer, no reader keeps a copy.
 */
export class ReplyLog {
  readonly frames: string[] = [];
  private ended = false;
  private readonly readers = new Set<ReplyReader>();

  constructor(readonly messageId: string) {}

  get finished(): boolean {
    return this.ended;
  }

  get length(): number {
    return this.frames.length;
  }

  /** Copies of every frame, e.g. into Redis for readers on other replicas. */
  mirror: { frame(seq: number, frame: string): void; end(nextSeq: number): void } | null = null;

  append(chunk: StreamChunk): void {
    this.appendFrame(`id: ${this.frames.length}\ndata: ${JSON.stringify(chunk)}\n\n`);
  }

  /** Adds an already serialised frame (a replica reading another's log). */
  appendFrame(frame: string): void {
    if (this.ended) return;
    this.mirror?.frame(this.frames.length, frame);
    this.frames.push(frame);
    for (const reader of this.readers) reader.wake();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.mirror?.end(this.frames.length);
    for (const reader of this.readers) reader.wake();
  }

  add(reader: ReplyReader): void {
    this.readers.add(reader);
  }

  remove(reader: ReplyReader): void {
    this.readers.delete(reader);
  }

  get readerCount(): number {
    return this.readers.size;
  }
}
