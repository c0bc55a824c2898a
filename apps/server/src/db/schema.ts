import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The Mana Chat data model (DESIGN §4). Every `user_id` is text with no foreign key: with an
 * external issuer it holds the token's `sub`, and no `users` row exists for that person.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const usd = (name: string) => numeric(name, { precision: 20, scale: 10, mode: 'number' }).notNull().default(0);

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey().default(sql`gen_random_uuid()::text`),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    createdAt: createdAt(),
    /** Set by an admin: the account can neither sign in nor use a token until it is cleared. */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** USD per calendar month (UTC), set by an admin; null = no limit. */
    monthlySpendLimitUsd: numeric('monthly_spend_limit_usd', { precision: 20, scale: 10, mode: 'number' }),
  },
  (t) => [uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`)],
);

/** Opaque refresh tokens, stored as SHA-256 hashes; a family is one sign-in and all its rotations. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id').notNull(),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
    /** The device and address that signed in or refreshed, shown in the list of sessions. */
    userAgent: text('user_agent'),
    ip: text('ip'),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userId),
  ],
);

/** Password-reset links: single use, short-lived, stored as SHA-256 hashes of the token. */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('password_resets_hash_key').on(t.tokenHash), index('password_resets_user_idx').on(t.userId)],
);

/** The asymmetric key that signs access tokens: made on first start, shared by every replica. */
export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  alg: text('alg').notNull(),
  privateJwk: jsonb('private_jwk').notNull(),
  publicJwk: jsonb('public_jwk').notNull(),
  createdAt: createdAt(),
});

export const aiModels = pgTable(
  'ai_models',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    provider: text('provider', { enum: ['openrouter', 'openai-compatible', 'builtin'] }).notNull(),
    description: text('description'),
    contextLength: integer('context_length').notNull().default(8192),
    /** USD per 1M input tokens. */
    pricingInput: usd('pricing_input'),
    /** USD per 1M output tokens. */
    pricingOutput: usd('pricing_output'),
    isActive: boolean('is_active').notNull().default(true),
    isDefault: boolean('is_default').notNull().default(false),
    syncedAt: timestamp('synced_at', { withTimezone: true }),
  },
  (t) => [
    index('ai_models_active_idx').on(t.isActive, t.provider),
    // At most one default model.
    uniqueIndex('ai_models_one_default_key').on(t.isDefault).where(sql`${t.isDefault}`),
  ],
);

export const spaces = pgTable(
  'spaces',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: text('owner_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('spaces_owner_idx').on(t.ownerId)],
);

export const spaceMembers = pgTable(
  'space_members',
  {
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    role: text('role', { enum: ['owner', 'admin', 'member', 'viewer'] }).notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'declined'] }).notNull().default('pending'),
    invitedBy: text('invited_by'),
    invitedAt: createdAt(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.spaceId, t.userId] }), index('space_members_user_idx').on(t.userId, t.status)],
);

export const templates = pgTable(
  'templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    systemPrompt: text('system_prompt').notNull(),
    initialQuestion: text('initial_question'),
    modelId: text('model_id'),
    color: text('color'),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('templates_user_idx').on(t.userId)],
);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id').notNull(),
    spaceId: uuid('space_id').references(() => spaces.id, { onDelete: 'set null' }),
    templateId: uuid('template_id').references(() => templates.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    modelId: text('model_id').notNull(),
    systemPrompt: text('system_prompt'),
    /** The leaf of the branch being shown; null until the first message. */
    activeLeafId: uuid('active_leaf_id'),
    isPinned: boolean('is_pinned').notNull().default(false),
    isArchived: boolean('is_archived').notNull().default(false),
    /** Document mode: replies revise a versioned document (the `documents` table). */
    isDocument: boolean('is_document').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // In the list's exact order (pinned first, then most recent), so a page reads only its rows.
    index('conversations_user_list_idx').on(t.userId, t.isArchived, t.isPinned.desc(), t.lastMessageAt.desc(), t.id.desc()),
    index('conversations_space_idx').on(t.spaceId, t.isArchived, t.isPinned.desc(), t.lastMessageAt.desc(), t.id.desc()),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    /** Siblings share a parent: regenerate and edit create siblings. */
    parentId: uuid('parent_id'),
    role: text('role', { enum: ['system', 'user', 'assistant'] }).notNull(),
    content: text('content').notNull().default(''),
    reasoning: text('reasoning'),
    modelId: text('model_id'),
    status: text('status', { enum: ['pending', 'streaming', 'complete', 'failed', 'cancelled'] })
      .notNull()
      .default('complete'),
    error: jsonb('error').$type<{ code: string; message: string; details?: unknown }>(),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    costUsd: usd('cost_usd'),
    ttftMs: integer('ttft_ms'),
    durationMs: integer('duration_ms'),
    /**
     * On the path from a root to the conversation's active leaf. Kept true along that path and false
     * off it by every change of the leaf (messages/active-branch.ts), so `after` pages walk down
     * from their cursor in O(page) instead of up from the leaf.
     */
    onActiveBranch: boolean('on_active_branch').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('messages_conversation_order_idx').on(t.conversationId, t.createdAt, t.id),
    index('messages_parent_idx').on(t.parentId),
    // A conversation's roots (siblings of an edited first message) without reading all its messages.
    index('messages_root_idx').on(t.conversationId).where(sql`${t.parentId} is null`),
    index('messages_status_idx').on(t.status).where(sql`${t.status} in ('pending', 'streaming')`),
    index('messages_content_fts_idx').using('gin', sql`to_tsvector('simple', ${t.content})`),
  ],
);

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    version: integer('version').notNull(),
    content: text('content').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('documents_conversation_version_key').on(t.conversationId, t.version)],
);

export const usageLogs = pgTable(
  'usage_logs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id').notNull(),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    modelId: text('model_id').notNull(),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    costUsd: usd('cost_usd'),
    /** Where the generation came from: a conversation or the OpenAI-compatible API. */
    source: text('source', { enum: ['chat', 'openai-api'] }).notNull().default('chat'),
    createdAt: createdAt(),
  },
  (t) => [index('usage_logs_user_time_idx').on(t.userId, t.createdAt)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    hash: text('hash').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_keys_hash_key').on(t.hash), index('api_keys_user_idx').on(t.userId)],
);

/** A read-only public snapshot of a conversation, reachable by its unguessable id until deleted. */
export const shares = pgTable(
  'shares',
  {
    id: text('id').primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    title: text('title').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('shares_conversation_idx').on(t.conversationId), index('shares_user_idx').on(t.userId)],
);
