import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ReplyLog } from './reply-log';

/** How long a finished reply's exact log stays for late readers resuming with Last-Event-ID. */
export const FINISHED_LOG_RETENTION_MS = 5 * 60_000;

/** The logs of replies being written in this process, and of those finished a moment ago. */
@Injectable()
export class ReplyHub implements OnApplicationShutdown {
  private readonly logs = new Map<string, ReplyLog>();
  private readonly expiries = new Map<string, NodeJS.Timeout>();

  open(messageId: string): ReplyLog {
    const log = new ReplyLog(messageId);
    this.logs.set(messageId, log);
    return log;
  }

  find(messageId: string): ReplyLog | null {
    return this.logs.get(messageId) ?? null;
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

  get liveCount(): number {
    let n = 0;
    for (const log of this.logs.values()) if (!log.finished) n++;
    return n;
  }

  onApplicationShutdown() {
    for (const timer of this.expiries.values()) clearTimeout(timer);
  }
}
