import { REASONING_PART_ID, TEXT_PART_ID, type Message, usageOfMessage } from '@mana/contracts';
import { ReplyLog } from './reply-log';

/**
 * The log of a reply whose live log is gone (finished long ago, or run by a process that died):
 * rebuilt from the stored message as one delta per part, so attaching always works.
 */
export function replayStoredReply(message: Message): ReplyLog {
  const log = new ReplyLog(message.id);
  log.append({ type: 'start', messageId: message.id });
  log.append({ type: 'data-message', data: { userMessage: null, assistantMessage: message } });
  if (message.reasoning) {
    log.append({ type: 'reasoning-start', id: REASONING_PART_ID });
    log.append({ type: 'reasoning-delta', id: REASONING_PART_ID, delta: message.reasoning });
    log.append({ type: 'reasoning-end', id: REASONING_PART_ID });
  }
  if (message.content) {
    log.append({ type: 'text-start', id: TEXT_PART_ID });
    log.append({ type: 'text-delta', id: TEXT_PART_ID, delta: message.content });
    log.append({ type: 'text-end', id: TEXT_PART_ID });
  }
  log.append({ type: 'data-usage', data: usageOfMessage(message) });
  if (message.status === 'cancelled') {
    log.append({ type: 'abort' });
  } else if (message.status === 'failed' || message.status === 'pending' || message.status === 'streaming') {
    const error = message.error ?? { code: 'INTERRUPTED' as const, message: 'This reply was interrupted' };
    log.append({ type: 'data-error', data: error });
    log.append({ type: 'error', errorText: error.message });
  } else {
    log.append({ type: 'finish' });
  }
  log.end();
  return log;
}
