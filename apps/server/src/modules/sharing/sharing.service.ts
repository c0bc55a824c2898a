import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { fail, ok, type Result, type Share, type SharedConversation } from '@mana/contracts';
import { ConversationsService } from '../conversations/conversations.service';
import { MessagesRepository } from '../messages/messages.repository';
import { type ShareRow, SharingRepository } from './sharing.repository';

/** Longest branch a share copies. */
const MAX_SHARED_MESSAGES = 10_000;

const toShare = (row: ShareRow): Share => ({
  id: row.id,
  conversationId: row.conversationId,
  title: row.title,
  url: `/share/${row.id}`,
  createdAt: row.createdAt.toISOString(),
});

/**
 * Read-only public links: a snapshot of the branch shown at the time, under a 192-bit random id.
 * Later messages are not shared; deleting the link makes it answer 404.
 */
@Injectable()
export class SharingService {
  constructor(
    private readonly repository: SharingRepository,
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesRepository,
  ) {}

  async create(userId: string, conversationId: string): Promise<Result<Share>> {
    const found = await this.conversations.readable(userId, conversationId);
    if (!found.ok) return found;
    const { conversation } = found.value;
    const branch = conversation.activeLeafId
      ? ((await this.messages.pageUpFrom({ conversationId, fromId: conversation.activeLeafId, includeFrom: true, limit: MAX_SHARED_MESSAGES })) ?? [])
      : [];
    const snapshot: SharedConversation['messages'] = branch.map(({ row: m }) => ({
      role: m.role,
      content: m.content,
      modelId: m.modelId,
      createdAt: m.createdAt.toISOString(),
    }));
    const row = await this.repository.createShare({
      id: randomBytes(24).toString('base64url'),
      conversationId,
      userId,
      title: conversation.title,
      snapshot,
    });
    return ok(toShare(row));
  }

  async list(userId: string, conversationId: string): Promise<Result<{ items: Share[] }>> {
    const found = await this.conversations.readable(userId, conversationId);
    if (!found.ok) return found;
    return ok({ items: (await this.repository.listShares({ conversationId, userId })).map(toShare) });
  }

  async view(id: string): Promise<Result<SharedConversation>> {
    const row = await this.repository.findShare({ id });
    if (!row) return fail('NOT_FOUND', 'Share not found');
    return ok({ id: row.id, title: row.title, createdAt: row.createdAt.toISOString(), messages: row.snapshot as SharedConversation['messages'] });
  }

  async revoke(userId: string, id: string): Promise<Result<void>> {
    return (await this.repository.deleteShare({ id, userId })) ? ok(undefined) : fail('NOT_FOUND', 'Share not found');
  }
}
