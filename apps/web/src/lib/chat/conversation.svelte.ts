import { AppError, isFinalStatus, type Conversation, type Message, type MessageData } from '@mana/contracts';
import type { ManaClient, ReplyState, ReplyStreamEvent } from '@mana/client';
import type { ReplyRegistry } from './replies.svelte';

/** A message as the chat view lists it: `key` stays stable when a draft becomes the saved message. */
export type ChatMessage = Message & { key: string };

export const PAGE_SIZE = 50;

let draftCounter = 0;
const draftKey = (kind: string) => `draft-${kind}-${Date.now().toString(36)}-${++draftCounter}`;

function draftMessage(fields: Partial<Message> & Pick<Message, 'role' | 'conversationId'>): ChatMessage {
  const now = new Date().toISOString();
  const id = draftKey(fields.role);
  return {
    id,
    key: id,
    parentId: null,
    content: '',
    reasoning: null,
    modelId: null,
    status: 'complete',
    error: null,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
    ttftMs: null,
    durationMs: null,
    createdAt: now,
    updatedAt: now,
    siblingIds: [id],
    ...fields,
  };
}

const withKey = (message: Message, key = message.id): ChatMessage => ({ ...message, key });
export const isRunning = (message: Message) => !isFinalStatus(message.status);

/** Folds a finished reply's stream state into its message. */
function settle(message: ChatMessage, state: ReplyState): ChatMessage {
  return {
    ...message,
    id: state.messageId ?? message.id,
    content: state.text || message.content,
    reasoning: state.reasoning || message.reasoning,
    status: state.status === 'streaming' ? 'failed' : state.status,
    error: state.error ? { code: state.error.code as never, message: state.error.message } : message.error,
    promptTokens: state.usage?.promptTokens ?? message.promptTokens,
    completionTokens: state.usage?.completionTokens ?? message.completionTokens,
    costUsd: state.usage?.costUsd ?? message.costUsd,
    ttftMs: state.usage?.ttftMs ?? message.ttftMs,
    durationMs: state.usage?.durationMs ?? message.durationMs,
    modelId: state.usage?.modelId ?? message.modelId,
  };
}

export interface ConversationEvents {
  /** The conversation changed on the server (title, last message time): the sidebar refreshes it. */
  changed?: (conversation: Conversation) => void;
  /** A send failed before the server accepted it; the text goes back into the composer. */
  sendFailed?: (content: string, error: unknown) => void;
}

/**
 * One open conversation: its active branch, paged from the newest message backwards, and the
 * actions on it (send, stop, regenerate, edit, switch branch). Replies stream through the shared
 * registry, so they survive leaving the conversation and reloading the page.
 */
export class ConversationStore {
  conversation = $state.raw<Conversation | null>(null);
  messages = $state.raw<ChatMessage[]>([]);
  /** Cursor for the page before the first loaded message; null at the start of the branch. */
  olderCursor = $state.raw<string | null>(null);
  status = $state<'loading' | 'ready' | 'error' | 'not-found'>('loading');
  loadError = $state.raw<unknown>(null);
  loadingOlder = $state(false);
  /** A failed action (stop, branch switch, regenerate before it started) to show once. */
  actionError = $state.raw<unknown>(null);

  constructor(
    readonly id: string,
    private readonly client: ManaClient,
    private readonly replies: ReplyRegistry,
    private readonly events: ConversationEvents = {},
  ) {}

  /** True while a reply in this conversation streams. */
  get busy(): boolean {
    return this.messages.some((m) => isRunning(m) || this.replies.get(m.key)?.status === 'streaming');
  }

  /** A new, empty conversation that was just created: nothing to load. */
  adopt(conversation: Conversation) {
    this.conversation = conversation;
    this.messages = [];
    this.olderCursor = null;
    this.status = 'ready';
  }

  async load() {
    this.status = this.messages.length ? this.status : 'loading';
    try {
      const [conversation, page] = await Promise.all([
        this.client.getConversation(this.id),
        this.client.listMessages(this.id, { limit: PAGE_SIZE }),
      ]);
      this.conversation = conversation;
      this.messages = this.keepKeys(page.items.map((m) => withKey(m)));
      this.olderCursor = page.nextCursor;
      this.status = 'ready';
      this.loadError = null;
      this.attachRunning();
    } catch (error) {
      this.loadError = error;
      // A malformed id in the address is as missing as a deleted conversation.
      this.status = error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION') ? 'not-found' : 'error';
    }
  }

  /** Loads the page before the first message; resolves with how many were added. */
  async loadOlder(): Promise<number> {
    if (!this.olderCursor || this.loadingOlder) return 0;
    this.loadingOlder = true;
    try {
      const page = await this.client.listMessages(this.id, { limit: PAGE_SIZE, before: this.olderCursor });
      const known = new Set(this.messages.map((m) => m.id));
      const older = page.items.filter((m) => !known.has(m.id)).map((m) => withKey(m));
      this.messages = [...older, ...this.messages];
      this.olderCursor = page.nextCursor;
      return older.length;
    } catch (error) {
      this.actionError = error;
      return 0;
    } finally {
      this.loadingOlder = false;
    }
  }

  /** Sends a message and streams the reply. */
  async send(content: string) {
    const conversation = this.conversation;
    if (!conversation || !content.trim()) return;
    const leaf = this.messages.at(-1);
    const user = draftMessage({ role: 'user', conversationId: this.id, content, parentId: leaf?.id ?? null });
    const assistant = draftMessage({ role: 'assistant', conversationId: this.id, status: 'pending', modelId: conversation.modelId, parentId: user.id });
    this.messages = [...this.messages, user, assistant];
    this.actionError = null;
    const events = this.client.streamMessage(this.id, { content, modelId: conversation.modelId });
    await this.stream(events, assistant.key, user.key, () => {
      this.messages = this.messages.filter((m) => m.key !== user.key && m.key !== assistant.key);
    }, content);
  }

  /** Asks the model again for `message` (an assistant reply): a new sibling becomes the active branch. */
  async regenerate(message: ChatMessage) {
    const conversation = this.conversation;
    if (!conversation || message.role !== 'assistant') return;
    const index = this.messages.findIndex((m) => m.key === message.key);
    if (index < 0) return;
    const previous = this.messages;
    const assistant = draftMessage({ role: 'assistant', conversationId: this.id, status: 'pending', modelId: conversation.modelId, parentId: message.parentId });
    assistant.siblingIds = [...message.siblingIds, assistant.id];
    this.messages = [...previous.slice(0, index), assistant];
    this.actionError = null;
    const events = this.client.streamRegenerate(message.id, { modelId: conversation.modelId });
    await this.stream(events, assistant.key, null, () => (this.messages = previous));
  }

  /** Replaces a user message with `content` as a new sibling and streams a new reply to it. */
  async edit(message: ChatMessage, content: string) {
    const conversation = this.conversation;
    if (!conversation || message.role !== 'user' || !content.trim()) return;
    const index = this.messages.findIndex((m) => m.key === message.key);
    if (index < 0) return;
    const previous = this.messages;
    const user = draftMessage({ role: 'user', conversationId: this.id, content, parentId: message.parentId });
    user.siblingIds = [...message.siblingIds, user.id];
    const assistant = draftMessage({ role: 'assistant', conversationId: this.id, status: 'pending', modelId: conversation.modelId, parentId: user.id });
    this.messages = [...previous.slice(0, index), user, assistant];
    this.actionError = null;
    const events = this.client.streamEdit(message.id, { content, modelId: conversation.modelId });
    await this.stream(events, assistant.key, user.key, () => (this.messages = previous));
  }

  /** Stops every reply of this conversation that is still running; the partial text is kept. */
  async stop() {
    const running = this.messages.filter((m) => m.role === 'assistant' && (isRunning(m) || this.replies.get(m.key)?.status === 'streaming'));
    await Promise.all(
      running.map(async (m) => {
        const id = this.replies.get(m.key)?.messageId ?? (m.id.startsWith('draft-') ? null : m.id);
        if (!id) return;
        try {
          await this.client.stopMessage(id);
        } catch (error) {
          // Already finished is fine: the stream tells us how it ended.
          if (!(error instanceof AppError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND'))) this.actionError = error;
        }
      }),
    );
  }

  /** Shows the sibling `delta` steps away from `message` (‹ / › of the branch switcher). */
  async switchBranch(message: ChatMessage, delta: number) {
    const index = message.siblingIds.indexOf(message.id);
    const target = message.siblingIds[index + delta];
    if (index < 0 || !target || target.startsWith('draft-')) return;
    try {
      this.conversation = await this.client.switchBranch(this.id, target);
      await this.load();
    } catch (error) {
      this.actionError = error;
    }
  }

  /** The conversation remembers its model. */
  async setModel(modelId: string) {
    if (!this.conversation || this.conversation.modelId === modelId) return;
    const before = this.conversation;
    this.conversation = { ...before, modelId };
    try {
      this.conversation = await this.client.updateConversation(this.id, { modelId });
      this.events.changed?.(this.conversation);
    } catch (error) {
      this.conversation = before;
      this.actionError = error;
    }
  }

  /** Attaches to every reply on screen that the server still generates. */
  private attachRunning() {
    for (const message of this.messages) {
      if (message.role !== 'assistant' || !isRunning(message) || this.replies.get(message.key)) continue;
      this.replies
        .attach(this.id, message.id, { onSettled: (state) => this.settleReply(message.key, state) })
        ?.catch(() => this.settleReply(message.key, null));
    }
  }

  private async stream(
    events: AsyncIterable<ReplyStreamEvent>,
    assistantKey: string,
    userKey: string | null,
    undo: () => void,
    content?: string,
  ) {
    try {
      await this.replies.run({
        conversationId: this.id,
        key: assistantKey,
        events,
        onMessages: (data) => this.adoptSaved(data, assistantKey, userKey),
        onSettled: (state) => this.settleReply(assistantKey, state),
      });
    } catch (error) {
      // The server never accepted the request: nothing was saved, so take the drafts back.
      this.replies.release(assistantKey);
      undo();
      if (content !== undefined) this.events.sendFailed?.(content, error);
      else this.actionError = error;
    }
  }

  /** Replaces drafts with the messages the server saved, keeping their keys (no re-mount). */
  private adoptSaved(data: MessageData, assistantKey: string, userKey: string | null) {
    this.messages = this.messages.map((m) => {
      if (userKey && m.key === userKey && data.userMessage) return withKey(data.userMessage, userKey);
      if (m.key === assistantKey) return withKey(data.assistantMessage, assistantKey);
      return m;
    });
  }

  private async settleReply(key: string, state: ReplyState | null) {
    if (state) this.messages = this.messages.map((m) => (m.key === key ? settle(m, state) : m));
    else await this.load();
    this.replies.release(key, ...(state?.messageId ? [state.messageId] : []));
    await this.refreshConversation();
  }

  /**
   * Picks up what the reply changed on the conversation (last message time, and after the first
   * reply the title the server writes a moment later).
   */
  private async refreshConversation(attempt = 0) {
    try {
      const conversation = await this.client.getConversation(this.id);
      this.conversation = conversation;
      this.events.changed?.(conversation);
      const untitled = conversation.title === 'New chat';
      if (untitled && attempt < 3 && this.messages.length <= 2) setTimeout(() => void this.refreshConversation(attempt + 1), 1200 * (attempt + 1));
    } catch {
      // The sidebar stays a little stale; nothing the user needs to see.
    }
  }

  /** After a reload of the list, drafts that became real keep their keys so nothing re-mounts. */
  private keepKeys(next: ChatMessage[]): ChatMessage[] {
    const keyById = new Map(this.messages.map((m) => [m.id, m.key]));
    return next.map((m) => (keyById.has(m.id) ? { ...m, key: keyById.get(m.id)! } : m));
  }
}
