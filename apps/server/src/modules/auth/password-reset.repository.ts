import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { passwordResets, refreshTokens, users } from '../../db/schema';

@Injectable()
export class PasswordResetRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** A new link replaces the user's earlier ones: only the newest works. */
  async replaceReset(input: { userId: string; tokenHash: string; expiresAt: Date }) {
    await this.db.transaction(async (tx) => {
      await tx.delete(passwordResets).where(eq(passwordResets.userId, input.userId));
      await tx.insert(passwordResets).values(input);
    });
  }

  /** The unused, unexpired reset with this token hash, or null. */
  async findUsableReset({ tokenHash }: { tokenHash: string }) {
    const [row] = await this.db
      .select()
      .from(passwordResets)
      .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date())))
      .limit(1);
    return row ?? null;
  }

  /**
   * Spends the reset and sets the password in one transaction, revoking every session of the user.
   * Null when the token was spent (or expired) meanwhile: the update that claims it decides.
   */
  async completeReset({ tokenHash, passwordHash }: { tokenHash: string; passwordHash: string }): Promise<string | null> {
    return this.db.transaction(async (tx) => {
      const now = new Date();
      const [claimed] = await tx
        .update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
        .returning({ userId: passwordResets.userId });
      if (!claimed) return null;
      await tx.update(users).set({ passwordHash }).where(eq(users.id, claimed.userId));
      await tx
        .update(refreshTokens)
        .set({ revokedAt: now })
        .where(and(eq(refreshTokens.userId, claimed.userId), isNull(refreshTokens.revokedAt)));
      return claimed.userId;
    });
  }
}
