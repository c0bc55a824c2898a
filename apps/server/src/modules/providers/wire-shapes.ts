import type { Completion } from './provider';

/**
 * The parts of the OpenAI chat-completions wire format (as OpenRouter speaks it) that we read.
 * Everything is optional because upstreams differ by era and vendor; unknown fields are ignored.
 */

export interface WireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  cost?: number | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

export interface WireReasoningDetail {
  type?: string;
  text?: string;
  summary?: string;
}

export interface WireDelta {
  content?: string | null;
  reasoning?: string | null;
  reasoning_details?: WireReasoningDetail[] | null;
}

export interface WireChoice {
  delta?: WireDelta | null;
  message?: (WireDelta & { role?: string }) | null;
  finish_reason?: string | null;
  native_finish_reason?: string | null;
  error?: unknown;
}

/** One `data:` chunk of a stream, or a whole non-streaming body. */
export interface WireChunk {
  model?: string;
  choices?: WireChoice[];
  usage?: WireUsage | null;
  error?: unknown;
}

export type UsageFacts = NonNullable<Completion['usage']>;

export function usageFrom(usage: WireUsage): UsageFacts {
  return {
    promptTokens: numberOr0(usage.prompt_tokens),
    completionTokens: numberOr0(usage.completion_tokens),
    reasoningTokens: numberOr0(usage.completion_tokens_details?.reasoning_tokens),
    // Older OpenRouter paths and most local servers send no `cost`: unknown, not free.
    costUsd: typeof usage.cost === 'number' && Number.isFinite(usage.cost) ? usage.cost : null,
  };
}

/**
 * Readable reasoning from structured details, for deltas that carry no plain `reasoning` string.
 * Signature-only and encrypted details carry no text and yield ''.
 */
export function reasoningFromDetails(details: WireReasoningDetail[]): string {
  let text = '';
  for (let i = 0; i < details.length; i++) {
    const detail = details[i];
    if (detail === null || typeof detail !== 'object') continue;
    if (detail.type === 'reasoning.text' && typeof detail.text === 'string') text += detail.text;
    else if (detail.type === 'reasoning.summary' && typeof detail.summary === 'string') text += detail.summary;
  }
  return text;
}

/** The reasoning a delta or message carries: the plain string wins over the structured details. */
export function reasoningOf(delta: WireDelta): string {
  const reasoning = delta.reasoning;
  if (typeof reasoning === 'string' && reasoning.length > 0) return reasoning;
  const details = delta.reasoning_details;
  return Array.isArray(details) && details.length > 0 ? reasoningFromDetails(details) : '';
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
