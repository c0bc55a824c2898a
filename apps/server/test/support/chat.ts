import { isFinalStatus, type Message } from '@mana/contracts';
import { applyReplyEvent, emptyReply, type ManaClient, type ReplyStreamEvent } from '@mana/client';

/** Polls a reply until it reaches a final status. */
export async function waitForFinal(client: ManaClient, messageId: string, timeoutMs = 15_000): Promise<Message> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = await client.request<Message>('GET', `/messages/${messageId}`);
    if (isFinalStatus(message.status)) return message;
    if (Date.now() > deadline) throw new Error(`reply ${messageId} still ${message.status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function collect(events: AsyncIterable<ReplyStreamEvent>): Promise<ReplyStreamEvent[]> {
  const all: ReplyStreamEvent[] = [];
  for await (const e of events) all.push(e);
  return all;
}

export const replyOf = (events: ReplyStreamEvent[]) => events.reduce(applyReplyEvent, emptyReply());

export const textDeltas = (events: ReplyStreamEvent[]) =>
  events.flatMap((e) => (e.chunk.type === 'text-delta' ? [e.chunk.delta] : []));
