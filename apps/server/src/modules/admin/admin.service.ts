import { Inject, Injectable } from '@nestjs/common';
import {
  type AdminModel,
  type AdminModelList,
  type AdminModelsQuery,
  type AdminUsage,
  type AdminUser,
  type AdminUserPage,
  type AdminUsersQuery,
  fail,
  type ModelSyncDone,
  type ModelSyncEvent,
  ok,
  type ProviderName,
  type Result,
  type UpdateAdminModelRequest,
  type UpdateAdminUserRequest,
  type UsageQuery,
} from '@mana/contracts';
import { LOGGER, type Logger } from '../../common/logger';
import { monthStart, SpendLimits } from '../account/spend-limits';
import { AccountAccess } from '../auth/account-access';
import { AdminPolicy } from '../auth/admin-policy';
import type { AuthenticatedUser } from '../auth/auth.decorators';
import { ModelsService, toAiModel } from '../models/models.service';
import { ProviderRegistry } from '../providers/provider-registry';
import { sumUsage, usageRange } from '../usage/usage.service';
import { AdminRepository, type AiModelRow } from './admin.repository';
import { ModelCatalogChanges } from './model-catalog-changes';

type AdminUserRow = NonNullable<Awaited<ReturnType<AdminRepository['findUser']>>>;

const toAdminModel = (row: AiModelRow): AdminModel => ({ ...toAiModel(row), syncedAt: row.syncedAt?.toISOString() ?? null });

const toAdminUser = (row: AdminUserRow, isAdmin: (account: { id: string; email: string }) => boolean): AdminUser => ({
  id: row.user.id,
  email: row.user.email,
  name: row.user.name,
  createdAt: row.user.createdAt.toISOString(),
  disabledAt: row.user.disabledAt?.toISOString() ?? null,
  isAdmin: isAdmin(row.user),
  monthlySpendLimitUsd: row.user.monthlySpendLimitUsd,
  lastActiveAt: row.lastActiveAt?.toISOString() ?? null,
  messagesThisMonth: row.messagesThisMonth,
  spendThisMonthUsd: row.spendThisMonthUsd,
});

/** Running the instance: the model catalog, the accounts, and everyone's usage. */
@Injectable()
export class AdminService {
  constructor(
    private readonly repository: AdminRepository,
    private readonly models: ModelsService,
    private readonly providers: ProviderRegistry,
    private readonly catalogChanges: ModelCatalogChanges,
    private readonly admins: AdminPolicy,
    private readonly access: AccountAccess,
    private readonly spendLimits: SpendLimits,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  // ---- models ----------------------------------------------------------------------------------

  async listModels(query: AdminModelsQuery): Promise<Result<AdminModelList>> {
    return ok({ items: (await this.repository.listModels(query)).map(toAdminModel) });
  }

  async updateModel(admin: AuthenticatedUser, id: string, input: UpdateAdminModelRequest): Promise<Result<AdminModel>> {
    const model = await this.repository.findModel({ id });
    if (!model) return fail('NOT_FOUND', 'Model not found');
    const willBeActive = input.isActive ?? model.isActive;
    if (input.isDefault && !willBeActive) {
      return fail('VALIDATION', 'The default model must be active', { fields: [{ path: 'isActive', message: 'must be true for the default model' }] });
    }
    if (input.isDefault && !this.providers.resolve(model)) {
      return fail('VALIDATION', `No provider is configured for "${id}": it cannot be the default`, { fields: [{ path: 'isDefault', message: 'its provider is not configured' }] });
    }
    if (input.isActive === false && model.isDefault && !input.isDefault) {
      return fail('VALIDATION', 'This is the default model: make another model the default first', {
        fields: [{ path: 'isActive', message: 'the default model cannot be disabled' }],
      });
    }
    const row = await this.repository.updateModel({ id, isActive: input.isActive, isDefault: input.isDefault });
    if (!row) return fail('NOT_FOUND', 'Model not found');
    await this.catalogChanges.announce();
    this.logger.info({ adminId: admin.id, modelId: id, change: input }, 'admin changed a model');
    return ok(toAdminModel(row));
  }

  /** The configured providers' catalogs, one after another, each reported as it starts and ends. */
  async syncModels(onEvent: (event: ModelSyncEvent) => void): Promise<ModelSyncDone> {
    const providers: ProviderName[] = [];
    if (this.providers.openRouter) providers.push('openrouter');
    if (this.providers.local) providers.push('openai-compatible');
    onEvent({ type: 'sync-start', providers });
    const results: ModelSyncDone['results'] = [];
    await this.models.syncAll((event) => {
      if (event.type === 'provider-done') results.push({ provider: event.provider, ok: true, synced: event.synced });
      if (event.type === 'provider-failed') results.push({ provider: event.provider, ok: false, synced: 0, error: event.error });
      onEvent(event);
    });
    await this.catalogChanges.announce();
    const done: ModelSyncDone = { type: 'sync-done', results };
    onEvent(done);
    return done;
  }

  // ---- users -----------------------------------------------------------------------------------

  async listUsers(query: AdminUsersQuery): Promise<Result<AdminUserPage>> {
    const [{ rows, total }, isAdmin] = await Promise.all([
      this.repository.listUsers({ ...query, since: monthStart() }),
      this.admins.adminTest(),
    ]);
    return ok({ items: rows.map((r) => toAdminUser(r, isAdmin)), total, limit: query.limit, offset: query.offset });
  }

  async getUser(id: string): Promise<Result<AdminUser>> {
    const row = await this.repository.findUser({ id, since: monthStart() });
    if (!row) return fail('NOT_FOUND', 'User not found');
    return ok(toAdminUser(row, await this.admins.adminTest()));
  }

  async updateUser(admin: AuthenticatedUser, id: string, input: UpdateAdminUserRequest): Promise<Result<AdminUser>> {
    if (input.disabled && id === admin.id) {
      return fail('VALIDATION', 'You cannot disable your own account', { fields: [{ path: 'disabled', message: 'not for your own account' }] });
    }
    if (!(await this.repository.updateUser({ id, ...input }))) return fail('NOT_FOUND', 'User not found');
    if (input.disabled !== undefined) await this.access.forget(id);
    if (input.monthlySpendLimitUsd !== undefined) this.spendLimits.forget(id);
    this.logger.info({ adminId: admin.id, userId: id, change: input }, 'admin changed an account');
    return this.getUser(id);
  }

  // ---- usage -----------------------------------------------------------------------------------

  async usage(query: UsageQuery): Promise<Result<AdminUsage>> {
    const range = usageRange(query);
    if (!range.ok) return range;
    const { from, to, fromDay, toDay } = range.value;
    const usage = await this.repository.usage({ from, to });
    return ok({ from: fromDay, to: toDay, totals: sumUsage(usage.byModel), ...usage });
  }
}
