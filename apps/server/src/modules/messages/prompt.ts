import type { PromptMessage } from '../providers/provider';

/** A rough token count (about four characters a token) that errs on the long side. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4) + 4;

export interface PromptTurn {
  role: 'user' | 'assistant' | 'system';
  content: string;
}

/**
 * The system prompt plus the newest turns of the branch that fit the model's context, leaving room
 * for the reply. Returns null when even the newest message alone does not fit.
 */
export function buildPrompt(input: { systemPrompt: string | null; turns: PromptTurn[]; contextLength: number }): PromptMessage[] | null {
  const reserveForReply = Math.min(4096, Math.floor(input.contextLength / 4));
  let budget = input.contextLength - reserveForReply;
  const system: PromptMessage[] = input.systemPrompt ? [{ role: 'system', content: input.systemPrompt }] : [];
  for (const m of system) budget -= estimateTokens(m.content);

  const kept: PromptMessage[] = [];
  for (let i = input.turns.length - 1; i >= 0; i--) {
    const turn = input.turns[i];
    const cost = estimateTokens(turn.content);
    if (cost > budget) break;
    budget -= cost;
    kept.push({ role: turn.role, content: turn.content });
  }
  if (kept.length === 0 && input.turns.length > 0) return null;
  return [...system, ...kept.reverse()];
}
