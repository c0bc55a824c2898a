import { usageOfMessage } from '@mana/contracts';
import type { ChatMessage } from './conversation.svelte';
import type { ReplyRegistry } from './replies.svelte';

/**
 * What an assistant reply shows, wherever it is drawn (a chat message, a compare column): the live
 * stream while one runs in this tab, then the saved message. A live reply that has not started yet
 * leaves saved text in place (a re-attach after reload shows what was there until new text arrives).
 */
export class ShownReply {
  readonly #message: () => ChatMessage;
  readonly #registry: ReplyRegistry;

  constructor(message: () => ChatMessage, registry: ReplyRegistry) {
    this.#message = message;
    this.#registry = registry;
  }

  readonly live = $derived.by(() => this.#registry.get(this.#message().key));
  readonly text = $derived.by(() => {
    const message = this.#message();
    return this.live && (this.live.started || !message.content) ? this.live.text : message.content;
  });
  readonly reasoning = $derived.by(() => {
    const message = this.#message();
    return this.live && (this.live.started || !message.reasoning) ? this.live.reasoning : (message.reasoning ?? '');
  });
  readonly status = $derived.by(() => (this.live ? this.live.status : this.#message().status));
  readonly running = $derived(this.status === 'pending' || this.status === 'streaming');
  readonly error = $derived.by(() => this.live?.error ?? this.#message().error);
  /** Tokens, cost and timing: the stream's final usage, else what the saved message records. */
  readonly usage = $derived.by(() => this.live?.usage ?? usageOfMessage(this.#message()));
}
