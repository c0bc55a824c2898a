import type { AppError } from '@mana/contracts';
import type { ProviderEvent } from './provider';
import { errorFromPayload, modelStoppedWithError } from './upstream-errors';
import { reasoningOf, usageFrom, type WireChunk, type WireUsage } from './wire-shapes';

/**
 * Reads the parsed `data:` chunks of one streamed reply and pushes normalised events to `out`.
 *
 * The wire varies (PROTOCOL.md §3.3–3.5): the finish reason may come on its own chunk, on the last
 * text chunk, or be repeated on the usage chunk; the usage chunk may have one choice or none; an
 * error may be a top-level `error` or just `finish_reason: "error"`. So the reader keeps the LAST
 * non-null finish reason and the last usage, and decides how the reply ended only at `[DONE]` or
 * when the body stops. That is also why `usage` and `finish` are emitted together at the end.
 */
export class StreamChunkReader {
  ended = false;
  private finishReason: string | null = null;
  private nativeFinishReason: string | null = null;
  private servedModel: string | null = null;
  private usage: WireUsage | null = null;

  constructor(
    private readonly upstream: string,
    private readonly out: ProviderEvent[],
  ) {}

  read(chunk: WireChunk): void {
    if (this.ended) return;
    const model = chunk.model;
    if (typeof model === 'string') this.servedModel = model;
    const usage = chunk.usage;
    if (usage != null && typeof usage === 'object') this.usage = usage;
    if (chunk.error) {
      // A mid-stream failure (documented shape or the `choices: []` variant): the stream is over.
      this.fail(errorFromPayload(this.upstream, chunk.error));
      return;
    }
    const choices = chunk.choices;
    if (choices == null || choices.length === 0) return;
    const choice = choices[0];
    if (choice == null) return;
    const delta = choice.delta;
    if (delta != null) {
      const reasoning = reasoningOf(delta);
      if (reasoning.length > 0) this.out.push({ type: 'reasoning', delta: reasoning });
      const content = delta.content;
      if (typeof content === 'string' && content.length > 0) this.out.push({ type: 'text', delta: content });
    }
    const finishReason = choice.finish_reason;
    if (typeof finishReason === 'string') {
      this.finishReason = finishReason;
      this.nativeFinishReason = choice.native_finish_reason ?? null;
    }
    if (choice.error) this.fail(errorFromPayload(this.upstream, choice.error));
  }

  /** `data: [DONE]`: the upstream says the reply is over. */
  done(): void {
    if (this.ended) return;
    if (this.finishReason === 'error') this.fail(modelStoppedWithError(this.upstream, this.nativeFinishReason));
    else this.finish();
  }

  /**
   * The body stopped before `[DONE]` (end of file, connection reset, idle timeout). If the finish
   * reason already arrived, the reply is whole and only the trailer is missing; otherwise the text
   * so far is a partial reply and `cause` explains why it stopped.
   */
  cutOff(cause: AppError): void {
    if (this.ended) return;
    if (this.finishReason === 'error') this.fail(modelStoppedWithError(this.upstream, this.nativeFinishReason));
    else if (this.finishReason !== null) this.finish();
    else this.fail(cause);
  }

  fail(error: AppError): void {
    if (this.ended) return;
    this.pushUsage();
    this.out.push({ type: 'error', error });
    this.ended = true;
  }

  private finish(): void {
    this.pushUsage();
    this.out.push({ type: 'finish', finishReason: this.finishReason, servedModel: this.servedModel });
    this.ended = true;
  }

  private pushUsage(): void {
    if (this.usage !== null) this.out.push({ type: 'usage', ...usageFrom(this.usage) });
  }
}
