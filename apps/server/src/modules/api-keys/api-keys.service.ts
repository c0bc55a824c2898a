import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { API_KEY_PREFIX, type ApiKey, type CreatedApiKey, fail, ok, type Result } from '@mana/contracts';
import { hashToken } from '../auth/refresh-tokens';
import { type ApiKeyRow, ApiKeysRepository } from './api-keys.repository';

const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

// lastUsedAt is informational: write it at most once a minute per key, not on every request.
const TOUCH_EVERY_MS = 60_000;
/**
 * A verified key is remembered this long, so the OpenAI-compatible hot path does no database read
 * per request. Revoking clears it at once on this replica; other replicas notice within this time.
 */
const KEY_CACHE_MS = 15_000;

@Injectable()
export class ApiKeysService {
  private readonly lastTouched = new Map<string, number>();
  private readonly verified = new Map<string, { keyId: string; userId: string; at: number }>();

  constructor(private readonly repository: ApiKeysRepository) {}

  async list(userId: string): Promise<Result<{ items: ApiKey[] }>> {
    return ok({ items: (await this.repository.listApiKeys({ userId })).map(toApiKey) });
  }

  /** The secret exists only in this answer; the database keeps its hash. */
  async create(userId: string, name: string): Promise<Result<CreatedApiKey>> {
    const prefix = randomBytes(4).toString('hex');
    const secret = `${API_KEY_PREFIX}${prefix}_${randomBytes(24).toString('base64url')}`;
    const row = await this.repository.createApiKey({ userId, name, prefix, hash: hashToken(secret) });
    return ok({ ...toApiKey(row), secret });
  }

  async revoke(userId: string, id: string): Promise<Result<void>> {
    if (!(await this.repository.revokeApiKey({ id, userId }))) return fail('NOT_FOUND', 'API key not found');
    for (const [hash, entry] of this.verified) if (entry.keyId === id) this.verified.delete(hash);
    return ok(undefined);
  }

  /** Forgets verified keys of an account that changed (deleted, disabled). */
  forgetUser(userId: string): void {
    for (const [hash, entry] of this.verified) if (entry.userId === userId) this.verified.delete(hash);
  }

  /** The owner of a presented secret, or null. */
  async authenticate(secret: string): Promise<string | null> {
    if (!secret.startsWith(API_KEY_PREFIX)) return null;
    const hash = hashToken(secret);
    const now = Date.now();
    const cached = this.verified.get(hash);
    if (cached && now - cached.at < KEY_CACHE_MS) return cached.userId;
    const row = await this.repository.findActiveApiKey({ hash });
    if (!row) return null;
    if (this.verified.size > 10_000) this.verified.clear();
    this.verified.set(hash, { keyId: row.id, userId: row.userId, at: now });
    if (now - (this.lastTouched.get(row.id) ?? 0) > TOUCH_EVERY_MS) {
      this.lastTouched.set(row.id, now);
      void this.repository.touchApiKey({ id: row.id }).catch(() => undefined);
    }
    return row.userId;
  }
}
