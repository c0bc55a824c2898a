import { AppError } from '@mana/contracts';
import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { ProviderEvent } from './provider';
import { StreamChunkReader } from './stream-chunk-reader';
import { streamCutShort } from './upstream-errors';

// Hoisted: `decode()` is called once per network chunk on the hot path.
const STREAMING = { stream: true } as const;

/**
 * Bytes of a streamed reply in, normalised events out (into `events`, which the caller drains).
 *
 * Network chunks may split an event, a CRLF pair or a UTF-8 character anywhere: the streaming
 * `TextDecoder` keeps partial characters and the SSE parser keeps partial lines, so each `data:`
 * payload is seen whole exactly once and parsed with one `JSON.parse`. Comments such as
 * `: OPENROUTER PROCESSING` never reach us.
 */
export class SseReplyDecoder {
  readonly events: ProviderEvent[] = [];
  private readonly text = new TextDecoder();
  private readonly parser: EventSourceParser;
  private readonly reader: StreamChunkReader;
  /** True while the end of the body is flushed: a payload cut short there is a cut-off, not garbage. */
  private closing = false;

  constructor(private readonly upstream: string) {
    this.reader = new StreamChunkReader(upstream, this.events);
    this.parser = createParser({ onEvent: (message) => this.onData(message.data) });
  }

  /** True once the final `finish` or `error` event has been produced. */
  get ended(): boolean {
    return this.reader.ended;
  }

  feed(bytes: Uint8Array): void {
    if (!this.reader.ended) this.parser.feed(this.text.decode(bytes, STREAMING));
  }

  /** The body ended cleanly (end of file), with or without `[DONE]`. */
  end(): void {
    if (this.reader.ended) return;
    // A last event whose blank line never came (`data: [DONE]` then EOF) still counts;
    // a truncated JSON payload fails to parse and is dropped.
    this.closing = true;
    this.parser.feed(`${this.text.decode()}\n\n`);
    this.reader.cutOff(streamCutShort(this.upstream, 'the connection closed'));
  }

  /**
   * The body broke off. Stopped by the caller (`CANCELLED`): the reply ends with that error whatever
   * arrived so far. Reset or idle timeout: see `StreamChunkReader.cutOff`.
   */
  broken(error: AppError): void {
    if (error.code === 'CANCELLED') this.reader.fail(error);
    else this.reader.cutOff(error);
  }

  private onData(data: string): void {
    if (this.reader.ended) return;
    if (data === '[DONE]') {
      this.reader.done();
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      // A reply chunk is always JSON: anything else mid-stream means the stream cannot be trusted.
      if (!this.closing) this.reader.fail(new AppError('UPSTREAM_ERROR', `${this.upstream} sent a malformed event`));
      return;
    }
    if (chunk !== null && typeof chunk === 'object') this.reader.read(chunk);
  }
}
