import type { StreamChunk } from '@mana/contracts';

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

  append(chunk: StreamChunk): void {
    if (this.ended) return;
    this.frames.push(`id: ${this.frames.length}\ndata: ${JSON.stringify(chunk)}\n\n`);
    for (const reader of this.readers) reader.wake();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
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
