import type { AppError, Result } from '@mana/contracts';
import { err, ok } from '@mana/contracts';
import type { Completion, ProviderEvent } from './provider';
import { errorFromPayload, modelStoppedWithError, unreadableAnswer } from './upstream-errors';
import { reasoningOf, usageFrom, type WireChunk } from './wire-shapes';

/**
 * Reads a non-streaming 200 answer. OpenRouter pads it with whitespace while the model works, which
 * commits the 200 status early; so a failure can still arrive here, as `{"error": …}` or as a choice
 * with `finish_reason: "error"` (PROTOCOL.md §2).
 */
export function completionFromBody(upstream: string, bodyText: string): Result<Completion, AppError> {
  let body: WireChunk;
  try {
    body = JSON.parse(bodyText) as WireChunk; // leading whitespace padding is valid JSON whitespace
  } catch {
    return err(unreadableAnswer(upstream, bodyText.trim() === '' ? 'an empty body' : 'invalid JSON'));
  }
  if (body === null || typeof body !== 'object') return err(unreadableAnswer(upstream, 'not a JSON object'));
  if (body.error) return err(errorFromPayload(upstream, body.error));
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (choice == null) return err(unreadableAnswer(upstream, 'no choices'));
  if (choice.error) return err(errorFromPayload(upstream, choice.error));
  const finishReason = typeof choice.finish_reason === 'string' ? choice.finish_reason : null;
  if (finishReason === 'error') return err(modelStoppedWithError(upstream, choice.native_finish_reason ?? null));
  const message = choice.message ?? choice.delta ?? {};
  const reasoning = reasoningOf(message);
  return ok({
    content: typeof message.content === 'string' ? message.content : '',
    reasoning: reasoning === '' ? null : reasoning,
    finishReason,
    servedModel: typeof body.model === 'string' ? body.model : null,
    usage: body.usage != null && typeof body.usage === 'object' ? usageFrom(body.usage) : null,
  });
}

/** The events a streamed reply would have produced, for upstreams that answer `stream: true` with JSON. */
export function eventsFromCompletion(result: Result<Completion, AppError>): ProviderEvent[] {
  if (!result.ok) return [{ type: 'error', error: result.error }];
  const { content, reasoning, usage, finishReason, servedModel } = result.value;
  const events: ProviderEvent[] = [];
  if (reasoning !== null) events.push({ type: 'reasoning', delta: reasoning });
  if (content !== '') events.push({ type: 'text', delta: content });
  if (usage !== null) events.push({ type: 'usage', ...usage });
  events.push({ type: 'finish', finishReason, servedModel });
  return events;
}
