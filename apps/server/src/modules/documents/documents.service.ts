import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { diffLines, createTwoFilesPatch } from 'diff';
import { type DocumentDiff, type DocumentVersion, fail, ok, type Result } from '@mana/contracts';
import { LOGGER, type Logger } from '../../common/logger';
import type { MessageRow } from '../messages/messages.repository';
import { GenerationService } from '../streaming/generation.service';
import { type DocumentRow, DocumentsRepository } from './documents.repository';

/** What a document conversation's model is told, before the current document. */
export const DOCUMENT_INSTRUCTIONS =
  'You are co-writing a document with the user. Every reply must be the complete, updated document in Markdown, with no commentary before or after it.';

const toVersion = (row: DocumentRow): DocumentVersion => ({
  version: row.version,
  content: row.content,
  messageId: row.messageId,
  createdAt: row.createdAt.toISOString(),
});

/**
 * Document mode: in a conversation flagged as a document, every finished reply that changes the
 * text becomes a new version. Versions are never edited: a restore or a manual edit adds one.
 */
@Injectable()
export class DocumentsService implements OnModuleInit {
  constructor(
    private readonly repository: DocumentsRepository,
    private readonly generation: GenerationService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit() {
    this.generation.onReplyFinished((reply) => void this.versionFromReply(reply));
  }

  /** The system prompt a document conversation's model gets: its own prompt, the rules, the current text. */
  async systemPromptFor(conversation: { id: string; systemPrompt: string | null; isDocument: boolean }): Promise<string | null> {
    const { id: conversationId, systemPrompt } = conversation;
    if (!conversation.isDocument) return systemPrompt;
    const latest = await this.repository.latestVersion({ conversationId });
    return [systemPrompt, DOCUMENT_INSTRUCTIONS, latest ? `The current document (version ${latest.version}):\n\n${latest.content}` : 'The document is empty so far.']
      .filter(Boolean)
      .join('\n\n');
  }

  async latest(conversationId: string): Promise<Result<DocumentVersion>> {
    const row = await this.repository.latestVersion({ conversationId });
    return row ? ok(toVersion(row)) : fail('NOT_FOUND', 'This conversation has no document yet');
  }

  async versions(conversationId: string) {
    const rows = await this.repository.listVersions({ conversationId });
    return ok({ items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) });
  }

  async version(conversationId: string, version: number): Promise<Result<DocumentVersion>> {
    const row = await this.repository.findVersion({ conversationId, version });
    return row ? ok(toVersion(row)) : fail('NOT_FOUND', `Version ${version} not found`);
  }

  async diff(conversationId: string, from: number, to: number): Promise<Result<DocumentDiff>> {
    const [a, b] = await Promise.all([this.repository.findVersion({ conversationId, version: from }), this.repository.findVersion({ conversationId, version: to })]);
    if (!a || !b) return fail('NOT_FOUND', `Version ${a ? to : from} not found`);
    const changes = diffLines(a.content, b.content).flatMap((part) =>
      part.value
        .replace(/\n$/, '')
        .split('\n')
        .map((text) => ({ kind: part.added ? ('added' as const) : part.removed ? ('removed' as const) : ('same' as const), text })),
    );
    return ok({ from, to, patch: createTwoFilesPatch(`version ${from}`, `version ${to}`, a.content, b.content), changes });
  }

  async restore(conversationId: string, version: number): Promise<Result<DocumentVersion>> {
    const row = await this.repository.findVersion({ conversationId, version });
    if (!row) return fail('NOT_FOUND', `Version ${version} not found`);
    return ok(toVersion(await this.repository.addVersion({ conversationId, content: row.content, messageId: null })));
  }

  async save(conversationId: string, content: string): Promise<Result<DocumentVersion>> {
    const latest = await this.repository.latestVersion({ conversationId });
    if (latest?.content === content) return ok(toVersion(latest));
    return ok(toVersion(await this.repository.addVersion({ conversationId, content, messageId: null })));
  }

  private async versionFromReply(reply: MessageRow) {
    if (reply.status !== 'complete' || !reply.content.trim()) return;
    try {
      if (!(await this.repository.isDocumentConversation({ conversationId: reply.conversationId }))) return;
      const latest = await this.repository.latestVersion({ conversationId: reply.conversationId });
      if (latest?.content === reply.content) return;
      await this.repository.addVersion({ conversationId: reply.conversationId, content: reply.content, messageId: reply.id });
    } catch (err) {
      this.logger.warn({ err, messageId: reply.id }, 'document version not stored');
    }
  }
}
