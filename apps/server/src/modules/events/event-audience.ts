import { Inject, Injectable } from '@nestjs/common';
import { and, eq } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database';
import { spaceMembers } from '../../db/schema';

/** A second is plenty for a membership change to reach live events; it saves a query per delta burst. */
const CACHE_MS = 1_000;

/** Who hears about a space's conversations: its accepted members. */
@Injectable()
export class EventAudience {
  private readonly cache = new Map<string, { at: number; members: Promise<string[]> }>();

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  membersOf(spaceId: string): Promise<string[]> {
    const hit = this.cache.get(spaceId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.members;
    const members = this.db
      .select({ userId: spaceMembers.userId })
      .from(spaceMembers)
      .where(and(eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.status, 'accepted')))
      .then((rows) => rows.map((r) => r.userId));
    this.cache.set(spaceId, { at: Date.now(), members });
    if (this.cache.size > 10_000) this.cache.clear();
    return members;
  }
}
