import { Inject, Injectable } from '@nestjs/common';
import { type DeleteAccountRequest, type DeletionPreview, fail, ok, type Result } from '@mana/contracts';
import { LOGGER, type Logger } from '../../common/logger';
import { AccountAccess } from '../auth/account-access';
import { ConversationListCache } from '../conversations/conversation-list-cache';
import type { AuthenticatedUser } from '../auth/auth.decorators';
import { GenerationService } from '../streaming/generation.service';
import { UsageLog } from '../usage/usage-log';
import { AccountDataRepository, DeletionConflict, type SpaceHandover } from './account-data.repository';
import { AccountRepository } from './account.repository';
import { AccountService } from './account.service';

type FieldProblem = { path: string; message: string };

/** Deleting one's own account: everything that names the user goes, in one transaction. */
@Injectable()
export class AccountDeletionService {
  constructor(
    private readonly data: AccountDataRepository,
    private readonly accounts: AccountRepository,
    private readonly account: AccountService,
    private readonly generation: GenerationService,
    private readonly access: AccountAccess,
    private readonly lists: ConversationListCache,
    private readonly usage: UsageLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** What the confirmation must repeat, whether a password is needed, and the spaces to decide about. */
  async preview(user: AuthenticatedUser): Promise<Result<DeletionPreview>> {
    const row = await this.accounts.findUser({ id: user.id });
    if (!row && user.via !== 'external') return fail('UNAUTHORIZED', 'This account no longer exists');
    const [owned, counts] = await Promise.all([this.data.listOwnedSpaces({ userId: user.id }), this.data.countData({ userId: user.id })]);
    return ok({
      confirmWith: row?.email ?? user.email ?? user.id,
      requiresPassword: Boolean(row?.passwordHash),
      ownedSpaces: owned.map(({ space, candidates }) => ({
        id: space.id,
        name: space.name,
        memberCount: candidates.length + 1,
        candidates: candidates.map((c) => ({ userId: c.userId, name: c.name, email: c.email, role: c.role })),
      })),
      counts,
    });
  }

  async delete(user: AuthenticatedUser, input: DeleteAccountRequest): Promise<Result<void>> {
    const row = await this.accounts.findUser({ id: user.id });
    if (!row && user.via !== 'external') return fail('UNAUTHORIZED', 'This account no longer exists');

    const confirmWith = row?.email ?? user.email ?? user.id;
    if (input.confirm.trim().toLowerCase() !== confirmWith.toLowerCase()) {
      return fail('VALIDATION', 'Type your email address to confirm', { fields: [{ path: 'confirm', message: `must be ${confirmWith}` }] });
    }
    if (row?.passwordHash) {
      if (!input.password) return fail('VALIDATION', 'Enter your password', { fields: [{ path: 'password', message: 'is required' }] });
      const checked = await this.account.checkPassword(row, input.password, 'password');
      if (!checked.ok) return checked;
    }

    const handovers = await this.decideSpaces(user.id, input.ownedSpaces ?? []);
    if (!handovers.ok) return handovers;

    // A reply still being written would store its usage after the account is gone: stop it first.
    const running = await this.data.listRunningReplies({ userId: user.id });
    await Promise.all(running.map((id) => this.generation.stopAnywhere(id).catch(() => null)));
    // Usage rows wait a moment to be written in batches: write theirs now, so none lands after the deletion.
    await this.usage.flush();

    try {
      await this.data.deleteAccount({ userId: user.id, spaceHandovers: handovers.value });
    } catch (error) {
      if (error instanceof DeletionConflict) {
        return fail('CONFLICT', 'Your spaces changed while the account was being deleted; nothing was deleted, try again');
      }
      throw error;
    }
    await this.access.forget(user.id);
    // Their conversations left their spaces' lists too, and no event says so per list.
    this.lists.forgetEveryone();
    this.logger.info({ userId: user.id, spaces: handovers.value.length }, 'account deleted');
    return ok(undefined);
  }

  /** Every owned space needs a decision; a transfer goes to an accepted member of that space. */
  private async decideSpaces(userId: string, decisions: NonNullable<DeleteAccountRequest['ownedSpaces']>): Promise<Result<SpaceHandover[]>> {
    const owned = await this.data.listOwnedSpaces({ userId });
    const ownedById = new Map(owned.map((o) => [o.space.id, o]));
    const problems: FieldProblem[] = [];
    const decided = new Set<string>();
    decisions.forEach((decision, i) => {
      const space = ownedById.get(decision.spaceId);
      if (!space) problems.push({ path: `ownedSpaces.${i}.spaceId`, message: 'is not a space you own' });
      else if (decided.has(decision.spaceId)) problems.push({ path: `ownedSpaces.${i}.spaceId`, message: 'is decided twice' });
      else if (decision.action === 'transfer' && !space.candidates.some((c) => c.userId === decision.transferTo)) {
        problems.push({ path: `ownedSpaces.${i}.transferTo`, message: 'must be an accepted member of the space' });
      }
      decided.add(decision.spaceId);
    });
    const undecided = owned.filter((o) => !decided.has(o.space.id));
    for (const { space } of undecided) {
      problems.push({ path: 'ownedSpaces', message: `decide whether space "${space.name}" (${space.id}) is deleted or transferred` });
    }
    if (problems.length > 0) {
      return fail('VALIDATION', 'Decide what happens to each space you own', {
        fields: problems,
        undecidedSpaceIds: undecided.map((o) => o.space.id),
      });
    }
    return ok(decisions as SpaceHandover[]);
  }
}
