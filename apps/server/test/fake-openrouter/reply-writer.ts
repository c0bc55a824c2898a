import type { ServerResponse } from 'node:http';
import type { Delivery, ReplyPlan } from './scenarios';

export type ReplyEnd = 'completed' | 'client-aborted' | 'server-disconnected' | 'stalled';

/**
 * Writes a planned answer the way a real network would deliver it: late, in odd slices, with
 * CRLF, cut off or frozen. Resolves once the fake is done writing; the client may still be reading.
 */
export async function writeReply(res: ServerResponse, plan: ReplyPlan, delivery: Delivery): Promise<ReplyEnd> {
  if (delivery.firstByteDelayMs) await sleep(delivery.firstByteDelayMs);
  if (delivery.stallBeforeHeaders) return 'stalled';
  if (res.destroyed) return 'client-aborted';
  res.writeHead(plan.status, plan.headers);
  res.flushHeaders();

  const slices = new SliceSizes(delivery);
  let budget = delivery.disconnectAfterBytes ?? delivery.stallAfterBytes ?? Number.POSITIVE_INFINITY;
  for (const piece of plan.pieces) {
    if (piece.delayMs > 0) await sleep(piece.delayMs);
    const bytes = Buffer.from(delivery.crlf ? piece.text.replace(/\r?\n/g, '\r\n') : piece.text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) {
      if (res.destroyed) return 'client-aborted';
      if (budget <= 0) return stop(res, delivery);
      const size = Math.min(slices.next(bytes.length - offset), budget);
      const slice = bytes.subarray(offset, offset + size);
      offset += size;
      budget -= size;
      await write(res, slice);
      if (delivery.chunkBytes !== undefined && offset < bytes.length) await pauseBetweenSlices(delivery);
    }
  }
  if (budget <= 0 && (delivery.disconnectAfterBytes !== undefined || delivery.stallAfterBytes !== undefined)) {
    return stop(res, delivery);
  }
  if (delivery.endDelayMs) await sleep(delivery.endDelayMs);
  if (res.destroyed) return 'client-aborted';
  res.end();
  return 'completed';
}

function stop(res: ServerResponse, delivery: Delivery): ReplyEnd {
  if (delivery.disconnectAfterBytes !== undefined) {
    res.socket?.destroy();
    return 'server-disconnected';
  }
  return 'stalled';
}

/** Resolves once the slice is handed to the kernel, so a following destroy() cannot swallow it. */
function write(res: ServerResponse, slice: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(slice, () => resolve());
  });
}

function pauseBetweenSlices(delivery: Delivery): Promise<void> {
  return delivery.chunkIntervalMs ? sleep(delivery.chunkIntervalMs) : new Promise((resolve) => setImmediate(resolve));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Slice sizes: whole pieces, a fixed size, or seeded random sizes of 1–64 bytes. */
class SliceSizes {
  private state: number;

  constructor(private readonly delivery: Delivery) {
    this.state = (delivery.seed ?? 1) >>> 0;
  }

  next(remaining: number): number {
    const wanted = this.delivery.chunkBytes;
    if (wanted === undefined) return remaining;
    if (wanted === 'random') return Math.min(remaining, 1 + Math.floor(this.random() * 64));
    return Math.min(remaining, Math.max(1, wanted));
  }

  /** mulberry32: tiny, seeded, good enough to vary slice sizes reproducibly. */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
