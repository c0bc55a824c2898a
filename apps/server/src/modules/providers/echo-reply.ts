import type { PromptMessage } from './provider';

/** Long prompts are quoted only this far, so the offline reply stays short and quick to stream. */
const QUOTE_LIMIT_CHARS = 1200;

/**
 * The built-in offline model's whole reply to a prompt. Deterministic (same prompt, same reply) and
 * clearly labelled, so nobody mistakes it for a real model; it exercises the markdown the clients
 * render: a heading, a blockquote, a list and a fenced code block.
 */
export function composeEchoReply(messages: PromptMessage[]): string {
  let lastUserMessage = '';
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user') {
      lastUserMessage = messages[i].content;
      break;
    }
  }
  const trimmed = lastUserMessage.trim();
  const quoted = trimmed.length > QUOTE_LIMIT_CHARS ? `${trimmed.slice(0, QUOTE_LIMIT_CHARS)}…` : trimmed;
  const quote = quoted === '' ? '> *(an empty message)*' : quoted.split('\n').map((line) => `> ${line}`.trimEnd()).join('\n');
  const words = trimmed === '' ? 0 : trimmed.split(/\s+/).length;
  return [
    '## Offline echo',
    '',
    "This is Mana Chat's built-in offline model. It needs no network and no API key, so it cannot " +
      'think: it repeats your last message. Add an OpenRouter key or a local model to get real answers.',
    '',
    'You wrote:',
    '',
    quote,
    '',
    'What the echo saw:',
    '',
    `- ${words} ${words === 1 ? 'word' : 'words'} and ${trimmed.length} ${trimmed.length === 1 ? 'character' : 'characters'}`,
    `- ${messages.length} ${messages.length === 1 ? 'message' : 'messages'} in the prompt`,
    '- nothing sent over the network, cost $0',
    '',
    '```sh',
    `mana-chat reply --model builtin/echo --words ${words}`,
    '```',
  ].join('\n');
}

/** Word-by-word pieces whose concatenation is exactly `text` (each piece keeps its trailing space). */
export function splitIntoDeltas(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text === '' ? [] : [text]);
}

/** The offline model's token estimate: about four characters per token. */
export const estimateTokens = (chars: number): number => Math.ceil(chars / 4);
