import { AppError, isFinalStatus, type ChangeEvent, type Conversation, type Message, type MessageData } from '@mana/contracts';
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

/** One compare run: a prompt sent to several models at once, their replies side by side. */
export interface CompareRun {
  prompt: string;
  modelIds: string[];
  userMessage: Message | null;
  replies: ChatMessage[];
  status: 'sending' | 'ready' | 'error';
  error: unknown;
  /** The reply whose branch is being made the conversation's ("Use this one"). */
  choosing: string | null;
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
  /** The compare view's run, while it is shown. */
  compare = $state.raw<CompareRun | null>(null);

  /**
   * Local actions (send, regenerate, edit, compare, branch switch) whose messages the server has not
   * named yet. Change events arriving meanwhile wait: they are most likely this tab's own messages,
   * and only once their ids are known can they be told apart from another device's.
   */
  private localPending = 0;
  private deferred: ChangeEvent[] = [];
  /** Remote changes are applied one at a time, each looking at the state the previous one left. */
  private remoteChain: Promise<void> = Promise.resolve();
  private loading: Promise<void> | null = null;

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

  load(): Promise<void> {
    this.loading = this.fetchAll().finally(() => (this.loading = null));
    return this.loading;
  }

  private async fetchAll() {
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
    this.localPending++;
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
    this.localPending++;
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
    this.localPending++;
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
    this.localPending++;
    try {
      this.conversation = await this.client.switchBranch(this.id, target);
      await this.load();
    } catch (error) {
      this.actionError = error;
    } finally {
      this.localDone();
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

  // ---- compare ------------------------------------------------------------------------------

  /** Sends one prompt to 2–6 models at once; their replies stream side by side in the compare view. */
  async compareSend(content: string, modelIds: string[]) {
    if (!this.conversation || !content.trim() || modelIds.length < 2) return;
    const run: CompareRun = { prompt: content, modelIds, userMessage: null, replies: [], status: 'sending', error: null, choosing: null };
    this.compare = run;
    this.localPending++;
    try {
      const sent = await this.client.sendMessage(this.id, { content, modelIds });
      const replies = sent.assistantMessages.map((m) => withKey(m));
      this.updateCompare({ userMessage: sent.userMessage, replies, status: 'ready' });
      for (const reply of replies) {
        this.replies
          .attach(this.id, reply.id, { onSettled: (state) => this.settleCompared(reply.key, state) })
          ?.catch(() => this.settleCompared(reply.key, null));
      }
    } catch (error) {
      this.updateCompare({ status: 'error', error });
    } finally {
      this.localDone();
    }
  }

  /** "Use this one": the chosen reply's branch becomes the conversation's, and the normal view returns. */
  async chooseCompared(messageId: string) {
    if (!this.compare) return;
    this.updateCompare({ choosing: messageId });
    this.localPending++;
    try {
      this.conversation = await this.client.switchBranch(this.id, messageId);
      this.events.changed?.(this.conversation);
      // The compare view stays until the chosen branch is loaded: no flash of the old view.
      await this.load();
      this.compare = null;
    } catch (error) {
      this.updateCompare({ choosing: null });
      this.actionError = error;
    } finally {
      this.localDone();
    }
  }

  /** Leaves the compare view; the conversation keeps the branch the server chose (the first reply). */
  async closeCompare() {
    if (!this.compare) return;
    await this.load();
    this.compare = null;
  }

  /** Stops one compared reply (its partial text stays). */
  async stopCompared(messageId: string) {
    try {
      await this.client.stopMessage(messageId);
    } catch (error) {
      if (!(error instanceof AppError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND'))) this.actionError = error;
    }
  }

  private updateCompare(change: Partial<CompareRun>) {
    if (this.compare) this.compare = { ...this.compare, ...change };
  }

  private settleCompared(key: string, state: ReplyState | null) {
    const run = this.compare;
    if (run && state) this.compare = { ...run, replies: run.replies.map((m) => (m.key === key ? settle(m, state) : m)) };
    // Back in the normal view before it finished: the list shows the same reply under the same key.
    if (state && this.messages.some((m) => m.key === key)) this.messages = this.messages.map((m) => (m.key === key ? settle(m, state) : m));
    this.replies.release(key);
  }

  // ---- changes made elsewhere (GET /events) ---------------------------------------------------

  /**
   * A change from the server's event stream for this conversation: made on another device, or this
   * tab's own action echoed back (recognised by its message ids and ignored).
   */
  applyRemote(event: ChangeEvent) {
    if (this.localPending > 0) {
      this.deferred.push(event);
      return;
    }
    this.remoteChain = this.remoteChain.then(() => this.handleRemote(event)).catch(() => undefined);
  }

  /** Reloads the newest messages (after a reconnect of the event stream, when events may be missing). */
  refresh() {
    this.remoteChain = this.remoteChain
      .then(async () => {
        if (this.status === 'ready') await this.refreshTail();
      })
      .catch(() => undefined);
    return this.remoteChain;
  }

  /** The conversation was deleted (here or elsewhere). */
  markDeleted() {
    this.status = 'not-found';
    this.compare = null;
  }

  private localDone() {
    this.localPending = Math.max(0, this.localPending - 1);
    if (this.localPending > 0 || !this.deferred.length) return;
    const waiting = this.deferred;
    this.deferred = [];
    for (const event of waiting) this.applyRemote(event);
  }

  /** Whether this tab already shows the message (in the list, the compare view, or a live reply). */
  private knows(messageId: string): boolean {
    return (
      this.messages.some((m) => m.id === messageId) ||
      this.replies.get(messageId) !== undefined ||
      this.compare?.userMessage?.id === messageId ||
      Boolean(this.compare?.replies.some((m) => m.id === messageId))
    );
  }

  private async handleRemote(event: ChangeEvent) {
    if (this.loading) await this.loading;
    if (this.status !== 'ready') return;
    switch (event.type) {
      case 'conversation.created':
        return;
      case 'conversation.deleted':
        this.markDeleted();
        return;
      case 'conversation.updated': {
        const leaf = event.conversation.activeLeafId;
        const moved = leaf !== this.conversation?.activeLeafId;
        this.conversation = event.conversation;
        // Another device sent, regenerated, edited or switched branches: show its newest messages.
        if (moved && leaf && !this.knows(leaf)) await this.refreshTail();
        return;
      }
      case 'message.created':
        if (!this.knows(event.messageId)) await this.refreshTail();
        return;
      case 'message.updated':
      case 'message.completed': {
        const shown = this.messages.find((m) => m.id === event.messageId);
        // A reply this tab streams settles from its own stream; one it does not show needs nothing.
        if (!shown || shown.status === event.status || this.replies.get(shown.key)) return;
        const fresh = await this.client.getMessage(event.messageId);
        this.messages = this.messages.map((m) => (m.id === fresh.id ? withKey(fresh, m.key) : m));
        this.attachRunning();
        return;
      }
    }
  }

  /**
   * Brings in the newest page of the active branch, keeping older pages already loaded (and every
   * key, so nothing re-mounts), and attaches to replies that are still being written.
   */
  private async refreshTail() {
    const [conversation, page] = await Promise.all([this.client.getConversation(this.id), this.client.listMessages(this.id, { limit: PAGE_SIZE })]);
    // A local action started meanwhile: its drafts must not be overwritten; look again once it is named.
    if (this.localPending > 0) {
      this.deferred.push({ type: 'conversation.updated', conversation });
      return;
    }
    this.conversation = conversation;
    const fresh = this.keepKeys(page.items.map((m) => withKey(m)));
    const overlap = fresh.length ? this.messages.findIndex((m) => m.id === fresh[0].id) : -1;
    if (overlap >= 0) this.messages = [...this.messages.slice(0, overlap), ...fresh];
    else {
      this.messages = fresh;
      this.olderCursor = page.nextCursor;
    }
    this.attachRunning();
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
    let named = false;
    const nameKnown = () => {
      if (named) return;
      named = true;
      this.localDone();
    };
    try {
      await this.replies.run({
        conversationId: this.id,
        key: assistantKey,
        events,
        onMessages: (data) => {
          this.adoptSaved(data, assistantKey, userKey);
          nameKnown();
        },
        onSettled: (state) => this.settleReply(assistantKey, state),
      });
    } catch (error) {
      // The server never accepted the request: nothing was saved, so take the drafts back.
      this.replies.release(assistantKey);
      undo();
      if (content !== undefined) this.events.sendFailed?.(content, error);
      else this.actionError = error;
    } finally {
      nameKnown();
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
