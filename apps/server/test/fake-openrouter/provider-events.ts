import type { ErrorBody } from '@mana/contracts';
import type { GenerationRequest, ProviderEvent } from '../../src/modules/providers/provider';

/** Test helpers for provider output: collect a stream, and compare events with errors as plain JSON. */

export async function collectEvents(stream: AsyncIterable<ProviderEvent>): Promise<ProviderEvent[]> {
  const events: ProviderEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

export type PlainEvent = Exclude<ProviderEvent, { type: 'error' }> | { type: 'error'; error: ErrorBody };

/** `AppError`s as their JSON body, so whole event lists compare with `toEqual`. */
export function plainEvents(events: ProviderEvent[]): PlainEvent[] {
  return events.map((event) => (event.type === 'error' ? { type: 'error', error: event.error.toJSON() } : event));
}

export interface ReplySummary {
  text: string;
  reasoning: string;
  usage: Omit<Extract<ProviderEvent, { type: 'usage' }>, 'type'> | null;
  finish: Omit<Extract<ProviderEvent, { type: 'finish' }>, 'type'> | null;
  error: ErrorBody | null;
  /** Event types in order, text and reasoning runs collapsed: e.g. `reasoning,text,usage,finish`. */
  shape: string;
}

export function summarizeReply(events: ProviderEvent[]): ReplySummary {
  const summary: ReplySummary = { text: '', reasoning: '', usage: null, finish: null, error: null, shape: '' };
  const shape: string[] = [];
  for (const event of events) {
    if (shape[shape.length - 1] !== event.type || (event.type !== 'text' && event.type !== 'reasoning')) shape.push(event.type);
    if (event.type === 'text') summary.text += event.delta;
    else if (event.type === 'reasoning') summary.reasoning += event.delta;
    else if (event.type === 'usage') {
      const { type: _type, ...usage } = event;
      summary.usage = usage;
    } else if (event.type === 'finish') summary.finish = { finishReason: event.finishReason, servedModel: event.servedModel };
    else summary.error = event.error.toJSON();
  }
  summary.shape = shape.join(',');
  return summary;
}

export function chatRequest(overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return {
    model: 'openai/gpt-4o-mini',
    messages: [{ role: 'user', content: 'Three tips for better coffee?' }],
    signal: new AbortController().signal,
    ...overrides,
  };
}
