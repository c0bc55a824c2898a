import { randomUUID } from 'node:crypto';
import { asc } from 'drizzle-orm';
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import type { Database } from '../../db/database';
import { signingKeys } from '../../db/schema';

export const ACCESS_TOKEN_ALG = 'ES256';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * The key pair that signs access tokens. It is made on the first start and kept in the database, so
 * restarts and every replica sign and verify with the same key.
 */
export async function loadOrCreateSigningKeys(db: Database): Promise<{ active: SigningKey; publicJwks: JWK[] }> {
  let rows = await db.select().from(signingKeys).orderBy(asc(signingKeys.createdAt), asc(signingKeys.kid));
  if (rows.length === 0) {
    const { privateKey, publicKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ACCESS_TOKEN_ALG, use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ACCESS_TOKEN_ALG };
    await db.insert(signingKeys).values({ kid, alg: ACCESS_TOKEN_ALG, privateJwk, publicJwk }).onConflictDoNothing();
    // Two replicas may race on the first start: everyone uses the oldest key.
    rows = await db.select().from(signingKeys).orderBy(asc(signingKeys.createdAt), asc(signingKeys.kid));
  }
  const first = rows[0];
  const privateKey = (await importJWK(first.privateJwk as JWK, first.alg)) as CryptoKey;
  return {
    active: { kid: first.kid, privateKey, publicJwk: first.publicJwk as JWK },
    publicJwks: rows.map((r) => r.publicJwk as JWK),
  };
}
