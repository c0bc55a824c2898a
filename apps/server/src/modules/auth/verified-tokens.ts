import type { VerifiedToken } from './access-tokens';

/**
 * Access tokens whose signature and claims were verified, kept until they expire, so a request costs
 * a lookup instead of an ES256 verification (~160 µs). Only valid tokens enter, keyed by the whole
 * token string: a token changed in any byte is a different key and is verified from scratch.
 * Holds at most `capacity` tokens; the least recently used one leaves first.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { verified: VerifiedToken; expiresAtMs: number }>();

  constructor(private readonly capacity = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  find(token: string, nowMs = Date.now()): VerifiedToken | null {
    const entry = this.entries.get(token);
    if (!entry) return null;
    // The same bound as the verification itself: a token is valid while now < exp.
    if (nowMs >= entry.expiresAtMs) {
      this.entries.delete(token);
      return null;
    }
    // Re-inserted, so the Map's insertion order is the order of last use.
    this.entries.delete(token);
    this.entries.set(token, entry);
    return entry.verified;
  }

  remember(token: string, verified: VerifiedToken, expiresAtMs: number): void {
    this.entries.delete(token);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { verified: Object.freeze(verified), expiresAtMs });
  }
}
