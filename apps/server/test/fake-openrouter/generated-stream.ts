/** A made-up streamed reply of any length, for timing, cancellation and load tests. */
export interface GeneratedStream {
  /** How many content deltas. */
  deltas: number;
  /** Pause before each delta (ms); default 0. */
  intervalMs?: number;
  /** The text of delta `index`; default `"word<index> "`. */
  text?: (index: number) => string;
  /** `: OPENROUTER PROCESSING` comments before the first chunk; default 1. */
  processingComments?: number;
  /** Default `"stop"`. */
  finishReason?: string;
  /** Which usage chunk variant (PROTOCOL.md §3.3); default `"one-choice-null"`. */
  usageChunk?: 'one-choice-null' | 'repeat-finish' | 'empty-choices' | 'none';
  /** `usage.cost`; `null` leaves `cost` out (older accounts). Default 0.0000123. */
  cost?: number | null;
  /** Send `data: [DONE]` at the end; default true. */
  done?: boolean;
  /** The served model reported in chunks; default `openai/gpt-4o-mini`. */
  model?: string;
}

export interface ReplyPiece {
  text: string;
  /** Pause before writing this piece. */
  delayMs: number;
}

export const defaultDeltaText = (index: number): string => `word${index} `;

export function generatedStreamPieces(spec: GeneratedStream, generationId: string): ReplyPiece[] {
  const model = spec.model ?? 'openai/gpt-4o-mini';
  const finishReason = spec.finishReason ?? 'stop';
  const text = spec.text ?? defaultDeltaText;
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}): string =>
    `data: ${JSON.stringify({
      id: generationId,
      object: 'chat.completion.chunk',
      created: 1777000000,
      model,
      provider: 'OpenAI',
      choices: [{ index: 0, delta: { role: 'assistant', ...delta }, finish_reason: finish, native_finish_reason: finish }],
      ...extra,
    })}\n\n`;

  const pieces: ReplyPiece[] = [];
  let head = ': OPENROUTER PROCESSING\n\n'.repeat(spec.processingComments ?? 1);
  head += chunk({ content: '' }, null);
  pieces.push({ text: head, delayMs: 0 });
  let completionChars = 0;
  for (let i = 0; i < spec.deltas; i++) {
    const content = text(i);
    completionChars += content.length;
    pieces.push({ text: chunk({ content }, null), delayMs: spec.intervalMs ?? 0 });
  }
  let tail = chunk({ content: '' }, finishReason);
  const usage: Record<string, unknown> = {
    prompt_tokens: 10,
    completion_tokens: Math.ceil(completionChars / 4),
    total_tokens: 10 + Math.ceil(completionChars / 4),
    completion_tokens_details: { reasoning_tokens: 0 },
  };
  const cost = spec.cost === undefined ? 0.0000123 : spec.cost;
  if (cost !== null) usage.cost = cost;
  switch (spec.usageChunk ?? 'one-choice-null') {
    case 'one-choice-null':
      tail += chunk({ content: '' }, null, { usage });
      break;
    case 'repeat-finish':
      tail += chunk({ content: '' }, finishReason, { usage });
      break;
    case 'empty-choices':
      tail += `data: ${JSON.stringify({ id: generationId, object: 'chat.completion.chunk', created: 1777000000, model, choices: [], usage })}\n\n`;
      break;
    case 'none':
      break;
  }
  if (spec.done ?? true) tail += 'data: [DONE]\n\n';
  pieces.push({ text: tail, delayMs: spec.intervalMs ?? 0 });
  return pieces;
}
