import type { ChatCompletionRequest } from '@mana/contracts';
import type { PromptMessage } from '../providers/provider';

/** OpenAI's message list as our providers take it: text parts joined, `developer` as `system`, tool turns dropped. */
export function toPromptMessages(messages: ChatCompletionRequest['messages']): PromptMessage[] {
  const prompt: PromptMessage[] = [];
  for (const m of messages) {
    if (m.role === 'tool') continue;
    const content =
      typeof m.content === 'string'
        ? m.content
        : Array.isArray(m.content)
          ? m.content.map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('')
          : '';
    prompt.push({ role: m.role === 'developer' ? 'system' : m.role, content });
  }
  return prompt;
}

export interface CompletionIdentity {
  id: string;
  created: number;
  model: string;
}

/** One `chat.completion.chunk` SSE frame. The prefix is rendered once per request, the rest per delta. */
export function chunkPrefix(identity: CompletionIdentity): string {
  return `data: {"id":${JSON.stringify(identity.id)},"object":"chat.completion.chunk","created":${identity.created},"model":${JSON.stringify(identity.model)},"choices":[`;
}

export const contentDelta = (prefix: string, text: string) =>
  `${prefix}{"index":0,"delta":{"content":${JSON.stringify(text)}},"finish_reason":null}]}\n\n`;

export const reasoningDelta = (prefix: string, text: string) =>
  `${prefix}{"index":0,"delta":{"reasoning":${JSON.stringify(text)}},"finish_reason":null}]}\n\n`;

export const roleDelta = (prefix: string) =>
  `${prefix}{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n`;

export const finishDelta = (prefix: string, reason: string) => `${prefix}{"index":0,"delta":{},"finish_reason":${JSON.stringify(reason)}}]}\n\n`;

export function usageChunk(prefix: string, usage: { promptTokens: number; completionTokens: number; costUsd: number }): string {
  return `${prefix}],"usage":${JSON.stringify({
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    cost: usage.costUsd,
  })}}\n\n`;
}
