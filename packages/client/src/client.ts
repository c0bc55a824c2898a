import {
  type AiModel,
  type ApiKey,
  AppError,
  type AuthTokens,
  type Conversation,
  type ConversationPage,
  type CreateConversationRequest,
  type CreatedApiKey,
  type ErrorEnvelope,
  type Health,
  type ListConversationsQuery,
  type Message,
  type MessagePage,
  type Readiness,
  type SendMessageRequest,
  type SentMessages,
  type UpdateConversationRequest,
  type UsageSummary,
  type User,
  type SearchResult,
  type Template,
  type CreateTemplateRequest,
  type UpdateTemplateRequest,
} from '@mana/contracts';
import type {
  ChangeEvent,
  CreateSpaceRequest,
  DocumentDiff,
  DocumentVersion,
  ImportResult,
  InviteRequest,
  Share,
  SharedConversation,
  Space,
  SpaceInvitation,
  SpaceMember,
  UpdateSpaceRequest,
} from '@mana/contracts';
import type {
  Account,
  AccountExport,
  AdminModel,
  AdminModelList,
  AdminModelsQuery,
  AdminUsage,
  AdminUser,
  AdminUserPage,
  AdminUsersQuery,
  ChangeEmailRequest,
  ChangePasswordRequest,
  DeleteAccountRequest,
  DeletionPreview,
  ForgotPasswordRequest,
  ModelSyncDone,
  ModelSyncEvent,
  ResetPasswordRequest,
  RevokedSessions,
  SessionList,
  UpdateAdminModelRequest,
  UpdateAdminUserRequest,
  UpdateProfileRequest,
} from '@mana/contracts';
import { readReplyStream, type ReplyStreamEvent } from './reply-stream.js';
import { readServerSentEvents } from './sse.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ManaClientOptions {
  /** Where the server is, e.g. http://127.0.0.1:3002 (the `/api/v1` prefix is added). */
  baseUrl: string;
  fetch?: FetchLike;
  /** Tokens to start with (e.g. restored from storage). */
  tokens?: Pick<AuthTokens, 'accessToken' | 'refreshToken'> | null;
  /** Called whenever tokens change (sign-in, silent refresh, sign-out → null). */
  onTokens?: (tokens: AuthTokens | null) => void;
  /** A raw bearer credential instead of a session (e.g. a personal API key). */
  apiKey?: string;
}

type Query = Record<string, string | number | boolean | undefined | null>;

/** A 401 from these means the credentials themselves were refused: refreshing would not help. */
const NO_REFRESH_PATHS = new Set(['/auth/login', '/auth/register', '/auth/refresh', '/auth/logout']);

/** The typed Mana Chat API client shared by the web app, the mobile app, tests and benchmarks. */
export class ManaClient {
  readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  private tokens: Pick<AuthTokens, 'accessToken' | 'refreshToken'> | null;
  private refreshing: Promise<boolean> | null = null;

  constructor(private readonly options: ManaClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.tokens = options.tokens ?? null;
  }

  get accessToken(): string | null {
    return this.options.apiKey ?? this.tokens?.accessToken ?? null;
  }

  get isSignedIn(): boolean {
    return Boolean(this.accessToken);
  }

  url(path: string, query?: Query): string {
    const url = `${this.baseUrl}/api/v1${path}`;
    if (!query) return url;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const qs = params.toString();
    return qs ? `${url}?${qs}` : url;
  }

  /** Sends a request with the current token; on 401 refreshes once and retries. */
  async raw(method: string, path: string, init: { body?: unknown; query?: Query; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
    const send = () => {
      const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const token = this.accessToken;
      if (token) headers.authorization = `Bearer ${token}`;
      return this.fetchImpl(this.url(path, init.query), {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: init.signal,
      });
    };
    let response = await send();
    if (response.status === 401 && !this.options.apiKey && this.tokens?.refreshToken && !NO_REFRESH_PATHS.has(path)) {
      if (await this.refreshSession()) response = await send();
    }
    return response;
  }

  async request<T>(method: string, path: string, init: { body?: unknown; query?: Query; signal?: AbortSignal } = {}): Promise<T> {
    const response = await this.raw(method, path, init);
    if (!response.ok) throw await errorFrom(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  // ---- auth -------------------------------------------------------------------------------
  health = () => this.request<Health>('GET', '/health');
  ready = () => this.raw('GET', '/health/ready').then((r) => r.json() as Promise<Readiness>);

  async register(input: { email: string; password: string; name: string }): Promise<AuthTokens> {
    return this.setTokens(await this.request<AuthTokens>('POST', '/auth/register', { body: input }));
  }

  async login(input: { email: string; password: string }): Promise<AuthTokens> {
    return this.setTokens(await this.request<AuthTokens>('POST', '/auth/login', { body: input }));
  }

  /** Rotates the refresh token; false (and signed out) when the session is dead. */
  refreshSession(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const refreshToken = this.tokens?.refreshToken;
      if (!refreshToken) return false;
      try {
        this.setTokens(await this.request<AuthTokens>('POST', '/auth/refresh', { body: { refreshToken } }));
        return true;
      } catch (error) {
        if (error instanceof AppError && error.code === 'UNAUTHORIZED') this.setTokens(null);
        return false;
      }
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  async logout(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    if (refreshToken) await this.request('POST', '/auth/logout', { body: { refreshToken } }).catch(() => undefined);
    this.setTokens(null);
  }

  me = () => this.request<User>('GET', '/auth/me');

  /**
   * Adopts tokens that changed elsewhere (e.g. another browser tab rotated them) without calling
   * `onTokens`, so the change is not echoed back.
   */
  adoptTokens(tokens: Pick<AuthTokens, 'accessToken' | 'refreshToken'> | null): void {
    this.tokens = tokens ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken } : null;
  }

  private setTokens<T extends AuthTokens | null>(tokens: T): T {
    this.tokens = tokens ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken } : null;
    this.options.onTokens?.(tokens);
    return tokens;
  }

  // ---- models, conversations, messages -----------------------------------------------------
  models = () => this.request<{ items: AiModel[] }>('GET', '/chat/models');

  listConversations = (query: Partial<ListConversationsQuery> = {}) =>
    this.request<ConversationPage>('GET', '/conversations', { query: query as Query });
  createConversation = (input: CreateConversationRequest = {}) =>
    this.request<Conversation>('POST', '/conversations', { body: input });
  getConversation = (id: string) => this.request<Conversation>('GET', `/conversations/${id}`);
  updateConversation = (id: string, input: UpdateConversationRequest) =>
    this.request<Conversation>('PATCH', `/conversations/${id}`, { body: input });
  deleteConversation = (id: string) => this.request<void>('DELETE', `/conversations/${id}`);

  listMessages = (conversationId: string, query: { limit?: number; before?: string; after?: string } = {}) =>
    this.request<MessagePage>('GET', `/conversations/${conversationId}/messages`, { query });
  switchBranch = (conversationId: string, leafId: string) =>
    this.request<Conversation>('PUT', `/conversations/${conversationId}/branch`, { body: { leafId } });

  /** Sends a message without waiting for the reply: the created messages come back as JSON. */
  sendMessage = (conversationId: string, input: SendMessageRequest) =>
    this.request<SentMessages>('POST', `/conversations/${conversationId}/messages`, { body: input });
  regenerate = (messageId: string, input: { modelId?: string } = {}) =>
    this.request<SentMessages>('POST', `/messages/${messageId}/regenerate`, { body: input });
  editMessage = (messageId: string, input: { content: string; modelId?: string }) =>
    this.request<SentMessages>('POST', `/messages/${messageId}/edit`, { body: input });
  stopMessage = (messageId: string) => this.request<Message>('POST', `/messages/${messageId}/stop`);

  /** Sends a message and streams the reply. */
  streamMessage(conversationId: string, input: SendMessageRequest, signal?: AbortSignal) {
    return this.stream('POST', `/conversations/${conversationId}/messages`, { body: input, signal });
  }

  /** Regenerates/edits with the reply streamed. */
  streamRegenerate(messageId: string, input: { modelId?: string } = {}, signal?: AbortSignal) {
    return this.stream('POST', `/messages/${messageId}/regenerate`, { body: input, signal });
  }
  streamEdit(messageId: string, input: { content: string; modelId?: string }, signal?: AbortSignal) {
    return this.stream('POST', `/messages/${messageId}/edit`, { body: input, signal });
  }

  /** Attaches to a reply (live or finished); with `lastEventId` only what follows it. */
  attachToReply(messageId: string, lastEventId?: number, signal?: AbortSignal) {
    const headers: Record<string, string> = {};
    if (lastEventId !== undefined && lastEventId >= 0) headers['last-event-id'] = String(lastEventId);
    return this.stream('GET', `/messages/${messageId}/stream`, { headers, signal });
  }

  private async *stream(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal },
  ): AsyncGenerator<ReplyStreamEvent> {
    const response = await this.raw(method, path, {
      ...init,
      headers: { accept: 'text/event-stream', ...init.headers },
    });
    if (!response.ok) throw await errorFrom(response);
    if (!response.body) throw new AppError('INTERNAL', 'The server sent no stream');
    yield* readReplyStream(response.body, init.signal);
  }

  // ---- search, templates ------------------------------------------------------------------
  search = (q: string, signal?: AbortSignal) => this.request<SearchResult>('GET', '/search', { query: { q }, signal });

  listTemplates = () => this.request<{ items: Template[] }>('GET', '/templates');
  getTemplate = (id: string) => this.request<Template>('GET', `/templates/${id}`);
  createTemplate = (input: CreateTemplateRequest) => this.request<Template>('POST', '/templates', { body: input });
  updateTemplate = (id: string, input: UpdateTemplateRequest) => this.request<Template>('PATCH', `/templates/${id}`, { body: input });
  deleteTemplate = (id: string) => this.request<void>('DELETE', `/templates/${id}`);

  // ---- usage, API keys -----------------------------------------------------------------
  usage = (query: { from?: string; to?: string } = {}) => this.request<UsageSummary>('GET', '/usage', { query });
  /** The usage log of a period as CSV text (one row per generation). */
  async usageCsv(query: { from?: string; to?: string } = {}): Promise<string> {
    const response = await this.raw('GET', '/usage/export.csv', { query, headers: { accept: 'text/csv' } });
    if (!response.ok) throw await errorFrom(response);
    return response.text();
  }
  listApiKeys = () => this.request<{ items: ApiKey[] }>('GET', '/api-keys');
  createApiKey = (name: string) => this.request<CreatedApiKey>('POST', '/api-keys', { body: { name } });
  revokeApiKey = (id: string) => this.request<void>('DELETE', `/api-keys/${id}`);

  // ---- password reset (public) --------------------------------------------------------------
  /** Sends a reset link if the email has an account; answers the same either way. */
  forgotPassword = (input: ForgotPasswordRequest) => this.request<void>('POST', '/auth/forgot-password', { body: input });
  /** Sets a new password with the link's token; every session ends, so sign in afterwards. */
  resetPassword = (input: ResetPasswordRequest) => this.request<void>('POST', '/auth/reset-password', { body: input });

  // ---- my account ---------------------------------------------------------------------------
  account = () => this.request<Account>('GET', '/account');
  updateProfile = (input: UpdateProfileRequest) => this.request<Account>('PATCH', '/account', { body: input });
  changeEmail = (input: ChangeEmailRequest) => this.request<Account>('PUT', '/account/email', { body: input });
  /** Other sessions are revoked; this one stays signed in. */
  changePassword = (input: ChangePasswordRequest) => this.request<void>('PUT', '/account/password', { body: input });
  listSessions = () => this.request<SessionList>('GET', '/account/sessions');
  revokeSession = (id: string) => this.request<void>('DELETE', `/account/sessions/${id}`);
  revokeOtherSessions = () => this.request<RevokedSessions>('POST', '/account/sessions/revoke-others');
  /** Everything the account holds, as the JSON document `GET /account/export` downloads. */
  exportAccount = () => this.request<AccountExport>('GET', '/account/export');
  deletionPreview = () => this.request<DeletionPreview>('GET', '/account/deletion');

  /** Deletes the account and everything in it, then forgets the session. */
  async deleteAccount(input: DeleteAccountRequest): Promise<void> {
    await this.request<void>('POST', '/account/delete', { body: input });
    this.setTokens(null);
  }

  // ---- administration (admins only; 404 for everyone else) -----------------------------------
  adminModels = (query: Partial<AdminModelsQuery> = {}) =>
    this.request<AdminModelList>('GET', '/admin/models', { query: query as Query });
  adminUpdateModel = (id: string, input: UpdateAdminModelRequest) =>
    this.request<AdminModel>('PATCH', `/admin/models/${encodeURIComponent(id)}`, { body: input });

  /** Syncs the model catalog now; `onProgress` hears each provider start and finish. */
  async adminSyncModels(onProgress?: (event: ModelSyncEvent) => void, signal?: AbortSignal): Promise<ModelSyncDone> {
    const response = await this.raw('POST', '/admin/models/sync', { headers: { accept: 'text/event-stream' }, signal });
    if (!response.ok) throw await errorFrom(response);
    if (!response.body) throw new AppError('INTERNAL', 'The server sent no stream');
    let done: ModelSyncDone | null = null;
    for await (const message of readServerSentEvents(response.body, signal)) {
      const event = JSON.parse(message.data) as ModelSyncEvent;
      onProgress?.(event);
      if (event.type === 'sync-done') done = event;
    }
    if (!done) throw new AppError('INTERRUPTED', 'The model sync stream ended early');
    return done;
  }

  adminUsers = (query: Partial<AdminUsersQuery> = {}) =>
    this.request<AdminUserPage>('GET', '/admin/users', { query: query as Query });
  adminUser = (id: string) => this.request<AdminUser>('GET', `/admin/users/${encodeURIComponent(id)}`);
  adminUpdateUser = (id: string, input: UpdateAdminUserRequest) =>
    this.request<AdminUser>('PATCH', `/admin/users/${encodeURIComponent(id)}`, { body: input });
  adminUsage = (query: { from?: string; to?: string } = {}) => this.request<AdminUsage>('GET', '/admin/usage', { query });

  getMessage = (id: string) => this.request<Message>('GET', `/messages/${id}`);

  // ---- live changes -------------------------------------------------------------------------
  /**
   * Follows `GET /events` (this user's changes from every device) until the connection ends or
   * `signal` aborts; `onOpen` runs once the server accepted it. A 401 is refreshed and retried like
   * any request; other refusals throw.
   */
  async *followEvents(signal?: AbortSignal, onOpen?: () => void): AsyncGenerator<ChangeEvent> {
    const response = await this.raw('GET', '/events', { headers: { accept: 'text/event-stream' }, signal });
    if (!response.ok) throw await errorFrom(response);
    if (!response.body) throw new AppError('INTERNAL', 'The server sent no stream');
    onOpen?.();
    for await (const message of readServerSentEvents(response.body, signal)) {
      if (!message.data) continue;
      try {
        yield JSON.parse(message.data) as ChangeEvent;
      } catch {
        // Not an event this client understands: skip it rather than drop the connection.
      }
    }
  }

  // ---- spaces -------------------------------------------------------------------------------
  listSpaces = () => this.request<{ items: Space[] }>('GET', '/spaces');
  createSpace = (input: CreateSpaceRequest) => this.request<Space>('POST', '/spaces', { body: input });
  getSpace = (id: string) => this.request<Space>('GET', `/spaces/${id}`);
  updateSpace = (id: string, input: UpdateSpaceRequest) => this.request<Space>('PATCH', `/spaces/${id}`, { body: input });
  deleteSpace = (id: string) => this.request<void>('DELETE', `/spaces/${id}`);
  inviteToSpace = (id: string, input: InviteRequest) => this.request<{ status: 'pending' }>('POST', `/spaces/${id}/invite`, { body: input });
  spaceInvitations = () => this.request<{ items: SpaceInvitation[] }>('GET', '/spaces/invitations');
  respondToInvitation = (id: string, accept: boolean) =>
    this.request<{ status: 'accepted' | 'declined' }>('POST', `/spaces/${id}/respond`, { body: { accept } });
  spaceMembers = (id: string) => this.request<{ items: SpaceMember[] }>('GET', `/spaces/${id}/members`);
  changeMemberRole = (id: string, userId: string, role: 'admin' | 'member' | 'viewer') =>
    this.request<void>('PATCH', `/spaces/${id}/members/${encodeURIComponent(userId)}`, { body: { role } });
  removeMember = (id: string, userId: string) => this.request<void>('DELETE', `/spaces/${id}/members/${encodeURIComponent(userId)}`);
  leaveSpace = (id: string) => this.request<void>('POST', `/spaces/${id}/leave`);

  // ---- document mode ------------------------------------------------------------------------
  getDocument = (conversationId: string) => this.request<DocumentVersion>('GET', `/conversations/${conversationId}/document`);
  saveDocument = (conversationId: string, content: string) =>
    this.request<DocumentVersion>('PUT', `/conversations/${conversationId}/document`, { body: { content } });
  documentVersions = (conversationId: string) =>
    this.request<{ items: { version: number; messageId: string | null; createdAt: string; length: number }[] }>('GET', `/conversations/${conversationId}/document/versions`);
  documentVersion = (conversationId: string, version: number) =>
    this.request<DocumentVersion>('GET', `/conversations/${conversationId}/document/versions/${version}`);
  documentDiff = (conversationId: string, from: number, to: number) =>
    this.request<DocumentDiff>('GET', `/conversations/${conversationId}/document/diff`, { query: { from, to } });
  restoreDocumentVersion = (conversationId: string, version: number) =>
    this.request<DocumentVersion>('POST', `/conversations/${conversationId}/document/versions/${version}/restore`);
  /** The latest version as the Markdown file `export.md` downloads. */
  documentMarkdown = (conversationId: string) => this.text(`/conversations/${conversationId}/document/export.md`, 'text/markdown');

  // ---- export, import, share links ----------------------------------------------------------
  /** All conversations (or one) as the JSON or Markdown file the export routes download. */
  exportConversations = (format: 'json' | 'md' = 'json') =>
    this.text('/conversations/export', format === 'md' ? 'text/markdown' : 'application/json', { format });
  exportConversation = (id: string, format: 'json' | 'md' = 'json') =>
    this.text(`/conversations/${id}/export`, format === 'md' ? 'text/markdown' : 'application/json', { format });
  /** Imports our export (`ConversationExport`, the account export) or ChatGPT's `conversations.json`. */
  importConversations = (data: unknown) => this.request<ImportResult>('POST', '/conversations/import', { body: data });
  shareConversation = (id: string) => this.request<Share>('POST', `/conversations/${id}/share`);
  listShares = (id: string) => this.request<{ items: Share[] }>('GET', `/conversations/${id}/shares`);
  revokeShare = (shareId: string) => this.request<void>('DELETE', `/shares/${encodeURIComponent(shareId)}`);

  /** A share link's snapshot (public: sent without credentials, as anyone with the link would). */
  async viewShare(shareId: string): Promise<SharedConversation> {
    const response = await this.fetchImpl(this.url(`/shares/${encodeURIComponent(shareId)}`), { method: 'GET', headers: { accept: 'application/json' } });
    if (!response.ok) throw await errorFrom(response);
    return (await response.json()) as SharedConversation;
  }

  private async text(path: string, accept: string, query?: Query): Promise<string> {
    const response = await this.raw('GET', path, { query, headers: { accept } });
    if (!response.ok) throw await errorFrom(response);
    return response.text();
  }
}

/** Rebuilds the server's AppError from its JSON envelope. */
export async function errorFrom(response: Response): Promise<AppError> {
  let envelope: ErrorEnvelope | undefined;
  try {
    envelope = (await response.json()) as ErrorEnvelope;
  } catch {
    envelope = undefined;
  }
  if (envelope?.error?.code) {
    const error = AppError.fromBody(envelope.error);
    const retryAfter = response.headers.get('retry-after');
    if (retryAfter && error.details === undefined) return new AppError(error.code, error.message, { retryAfterS: Number(retryAfter) });
    return error;
  }
  return new AppError(response.status >= 500 ? 'INTERNAL' : 'VALIDATION', `HTTP ${response.status}`);
}
