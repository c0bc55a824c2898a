import type Redis from 'ioredis';
import type { Logger } from '../../common/logger';
import { FINISHED_LOG_RETENTION_MS, ReplyLog } from './reply-log';

/** How long a running reply's events stay in Redis without news (a replica that died mid-reply). */
export const REDIS_REPLY_TTL_S = 3_600;
/**
 * How long a finished reply's events stay for late readers on other replicas: as long as the
 * replica's own copy (later replays are rebuilt from the stored message), so Redis holds a few
 * minutes of replies, not an hour of them.
 */
export const REDIS_FINISHED_REPLY_TTL_S = FINISHED_LOG_RETENTION_MS / 1000;
const keyOf = (messageId: string) => `mana:reply:${messageId}`;
// Entry ids are 0-<seq+1>, so "after Last-Event-ID n" is XRANGE from 0-(n+2).
const entryId = (seq: number) => `0-${seq + 1}`;

/**
 * Mirrors a reply's log into a Redis stream, so a reader on any replica can replay and follow it.
 * Frames are flushed once per event-loop turn in one pipeline: a burst of deltas costs one round trip.
 */
export class RedisReplyMirror {
  private pending: [number, string][] = [];
  private scheduled = false;
  private ended = false;

  constructor(
    private readonly redis: Redis,
    private readonly messageId: string,
    private readonly logger: Logger,
  ) {}

  frame(seq: number, frame: string): void {
    this.pending.push([seq, frame]);
    this.schedule();
  }

  end(nextSeq: number): void {
    this.ended = true;
    this.pending.push([nextSeq, '']);
    this.schedule();
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush() {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    const key = keyOf(this.messageId);
    const pipeline = this.redis.pipeline();
    for (const [seq, frame] of batch) {
      if (frame) pipeline.xadd(key, entryId(seq), 'f', frame);
      else pipeline.xadd(key, entryId(seq), 'end', '1');
    }
    pipeline.expire(key, this.ended ? REDIS_FINISHED_REPLY_TTL_S : REDIS_REPLY_TTL_S);
    void pipeline.exec().catch((err) => this.logger.warn({ err, messageId: this.messageId, ended: this.ended }, 'reply mirror failed'));
  }
}

/**
 * A reply written by another replica, read from its Redis stream: replays what is there, then
 * blocks for more until the end marker. It fills an ordinary ReplyLog, so delivery is the same code.
 */
export class RemoteReplyLog extends ReplyLog {
  private stopped = false;

  constructor(
    messageId: string,
    private readonly connection: Redis,
    private readonly logger: Logger,
  ) {
    super(messageId);
  }

  /** Reads until the reply ends or nobody is reading any more. */
  async follow(): Promise<void> {
    const key = keyOf(this.messageId);
    let lastId = '0-0';
    try {
      while (!this.stopped) {
        const result = (await this.connection.xread('COUNT', 1000, 'BLOCK', 5_000, 'STREAMS', key, lastId)) as
          | [string, [string, string[]][]][]
          | null;
        if (!result) {
          if (this.readerCount === 0 || !(await this.connection.exists(key))) break;
          continue;
        }
        for (const [id, fields] of result[0][1]) {
          lastId = id;
          if (fields[0] === 'end') {
            this.end();
            return;
          }
          this.appendFrame(fields[1]);
        }
      }
    } catch (err) {
      this.logger.warn({ err, messageId: this.messageId }, 'remote reply read failed');
    } finally {
      this.end();
      this.connection.disconnect();
    }
  }

  stop() {
    this.stopped = true;
  }
}

export async function remoteReplyExists(redis: Redis, messageId: string): Promise<boolean> {
  return (await redis.exists(keyOf(messageId))) === 1;
}
