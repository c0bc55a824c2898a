import { Injectable } from '@nestjs/common';
import {
  ACCOUNT_EXPORT_FORMAT,
  ACCOUNT_EXPORT_VERSION,
  type AccountExport,
  type ExportedConversation,
  fail,
  ok,
  type Result,
} from '@mana/contracts';
import type { AuthenticatedUser } from '../auth/auth.decorators';
import { AccountDataRepository } from './account-data.repository';
import { AccountRepository } from './account.repository';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Everything the account holds as one versioned JSON document (`packages/contracts` accountExportSchema). */
@Injectable()
export class AccountExportService {
  constructor(
    private readonly data: AccountDataRepository,
    private readonly accounts: AccountRepository,
  ) {}

  async export(user: AuthenticatedUser): Promise<Result<AccountExport>> {
    const userId = user.id;
    const row = await this.accounts.findUser({ id: userId });
    if (!row && user.via !== 'external') return fail('UNAUTHORIZED', 'This account no longer exists');
    const conversationRows = await this.data.listConversations({ userId });
    const conversationIds = conversationRows.map((c) => c.id);
    const [messageRows, documentRows, templateRows, usageRows, keyRows, membershipRows] = await Promise.all([
      this.data.listMessages({ conversationIds }),
      this.data.listDocuments({ conversationIds }),
      this.data.listTemplates({ userId }),
      this.data.listUsage({ userId }),
      this.data.listApiKeys({ userId }),
      this.data.listMemberships({ userId }),
    ]);

    const byConversation = new Map<string, ExportedConversation>();
    const conversations = conversationRows.map((c) => {
      const exported: ExportedConversation = {
        id: c.id,
        title: c.title,
        modelId: c.modelId,
        systemPrompt: c.systemPrompt,
        spaceId: c.spaceId,
        templateId: c.templateId,
        activeLeafId: c.activeLeafId,
        isPinned: c.isPinned,
        isArchived: c.isArchived,
        isDocument: c.isDocument,
        createdAt: c.createdAt.toISOString(),
        updatedAt: c.updatedAt.toISOString(),
        lastMessageAt: c.lastMessageAt.toISOString(),
        messages: [],
        documents: [],
      };
      byConversation.set(c.id, exported);
      return exported;
    });
    for (const m of messageRows) {
      byConversation.get(m.conversationId)?.messages.push({
        id: m.id,
        parentId: m.parentId,
        role: m.role,
        content: m.content,
        reasoning: m.reasoning,
        modelId: m.modelId,
        status: m.status,
        error: m.error ?? null,
        promptTokens: m.promptTokens,
        completionTokens: m.completionTokens,
        costUsd: m.costUsd,
        ttftMs: m.ttftMs,
        durationMs: m.durationMs,
        createdAt: m.createdAt.toISOString(),
        updatedAt: m.updatedAt.toISOString(),
      });
    }
    for (const d of documentRows) {
      byConversation.get(d.conversationId)?.documents.push({
        id: d.id,
        messageId: d.messageId,
        version: d.version,
        content: d.content,
        createdAt: d.createdAt.toISOString(),
      });
    }

    return ok({
      format: ACCOUNT_EXPORT_FORMAT,
      version: ACCOUNT_EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      user: {
        id: userId,
        email: row?.email ?? user.email ?? '',
        name: row?.name ?? user.email ?? userId,
        createdAt: (row?.createdAt ?? new Date(0)).toISOString(),
        monthlySpendLimitUsd: row?.monthlySpendLimitUsd ?? null,
      },
      conversations,
      templates: templateRows.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        systemPrompt: t.systemPrompt,
        initialQuestion: t.initialQuestion,
        modelId: t.modelId,
        color: t.color,
        isDefault: t.isDefault,
        createdAt: t.createdAt.toISOString(),
        updatedAt: t.updatedAt.toISOString(),
      })),
      usage: usageRows.map((u) => ({
        id: u.id,
        conversationId: u.conversationId,
        messageId: u.messageId,
        modelId: u.modelId,
        promptTokens: u.promptTokens,
        completionTokens: u.completionTokens,
        costUsd: u.costUsd,
        source: u.source,
        createdAt: u.createdAt.toISOString(),
      })),
      apiKeys: keyRows.map((k) => ({
        id: k.id,
        name: k.name,
        prefix: k.prefix,
        createdAt: k.createdAt.toISOString(),
        lastUsedAt: iso(k.lastUsedAt),
        revokedAt: iso(k.revokedAt),
      })),
      spaces: membershipRows.map(({ member, space }) => ({
        id: space.id,
        name: space.name,
        description: space.description,
        owned: space.ownerId === userId,
        role: member.role,
        status: member.status,
        invitedBy: member.invitedBy,
        invitedAt: member.invitedAt.toISOString(),
        respondedAt: iso(member.respondedAt),
        createdAt: space.createdAt.toISOString(),
      })),
    });
  }
}
