import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { LOGGER, type Logger } from '../../common/logger';
import { REDIS } from '../../infra/redis';
import { FINISHED_LOG_RETENTION_MS, ReplyLog } from './reply-log';
import { RedisReplyMirror, RemoteReplyLog, remoteReplyExists } from './redis-reply-store';


/**
 * The logs of replies: those written by this process (and finished a moment ago), and, with Redis,
 * those written by other replicas, read from their Redis streams.
 */
@Injectable()
export class ReplyHub implements OnApplicationShutdown {
  private readonly logs = new Map<string, ReplyLog>();
  private readonly remote = new Map<string, RemoteReplyLog>();
  private readonly expiries = new Map<string, NodeJS.Timeout>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  open(messageId: string): ReplyLog {
    const log = new ReplyLog(messageId);
    if (this.redis) log.mirror = new RedisReplyMirror(this.redis, messageId, this.logger);
    this.logs.set(messageId, log);
    return log;
  }

  /** The log of a reply written here, or being read from another replica. */
  find(messageId: string): ReplyLog | null {
    return this.logs.get(messageId) ?? this.remote.get(messageId) ?? null;
  }

  /** This process's log, else another replica's through Redis, else null (replay it from the database). */
  async findAnywhere(messageId: string): Promise<ReplyLog | null> {
    const local = this.find(messageId);
    if (local || !this.redis || !(await remoteReplyExists(this.redis, messageId))) return local;
    const log = new RemoteReplyLog(messageId, this.redis.duplicate(), this.logger);
    this.remote.set(messageId, log);
    void log.follow().finally(() => this.remote.delete(messageId));
    return log;
  }

  /** Ends a log and keeps it for a while. */
  close(log: ReplyLog): void {
    log.end();
    const timer = setTimeout(() => {
      this.logs.delete(log.messageId);
      this.expiries.delete(log.messageId);
    }, FINISHED_LOG_RETENTION_MS);
    timer.unref();
    this.expiries.set(log.messageId, timer);
  }

  onApplicationShutdown() {
    for (const timer of this.expiries.values()) clearTimeout(timer);
    for (const log of this.remote.values()) log.stop();
  }
}
