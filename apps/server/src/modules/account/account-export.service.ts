import { Injectable } from '@nestjs/common';
import {
  ACCOUNT_EXPORT_FORMAT,
  ACCOUNT_EXPORT_VERSION,
  type AccountExport,
  fail,
  ok,
  type Result,
} from '@mana/contracts';
import type { AuthenticatedUser } from '../auth/auth.decorators';
import { ArchiveRepository } from '../archive/archive.repository';
import { UsageLog } from '../usage/usage-log';
import { toExportedChat } from '../archive/archive.service';
import { AccountDataRepository } from './account-data.repository';
import { AccountRepository } from './account.repository';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Everything the account holds as one versioned JSON document (`packages/contracts` accountExportSchema). */
@Injectable()
export class AccountExportService {
  constructor(
    private readonly data: AccountDataRepository,
    private readonly accounts: AccountRepository,
    private readonly archive: ArchiveRepository,
    private readonly usage: UsageLog,
  ) {}

  async export(user: AuthenticatedUser): Promise<Result<AccountExport>> {
    const userId = user.id;
    // The export holds every usage row, including those still waiting to be written in a batch.
    await this.usage.flush();
    const row = await this.accounts.findUser({ id: userId });
    if (!row && user.via !== 'external') return fail('UNAUTHORIZED', 'This account no longer exists');
    const [archived, templateRows, usageRows, keyRows, membershipRows] = await Promise.all([
      this.archive.loadConversations({ userId }),
      this.data.listTemplates({ userId }),
      this.data.listUsage({ userId }),
      this.data.listApiKeys({ userId }),
      this.data.listMemberships({ userId }),
    ]);
    // The same conversation shape as the conversation export, so either file imports the same way.
    const conversations = archived.map(toExportedChat);

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
