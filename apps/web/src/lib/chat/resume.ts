import type { ReplyState } from '@mana/client';
import { readJson, STORAGE_KEYS, writeJson } from '../storage';

/** What a tab remembers about a reply that was still streaming, to continue it after a reload. */
export interface ResumePoint {
  conversationId: string;
  /** The last SSE event id folded into `text`/`reasoning`; resume sends it as Last-Event-ID. */
  lastSeq: number;
  text: string;
  reasoning: string;
  savedAt: number;
}

type ResumeBook = Record<string, ResumePoint>;
const MAX_AGE_MS = 24 * 3600_000;

function read(): ResumeBook {
  const book = readJson<ResumeBook>(STORAGE_KEYS.replies) ?? {};
  const now = Date.now();
  for (const [id, point] of Object.entries(book)) if (!point || now - point.savedAt > MAX_AGE_MS) delete book[id];
  return book;
}

export function loadResumePoint(messageId: string): ResumePoint | null {
  return read()[messageId] ?? null;
}

export function saveResumePoint(messageId: string, conversationId: string, state: ReplyState): void {
  if (state.lastSeq < 0) return;
  const book = read();
  book[messageId] = { conversationId, lastSeq: state.lastSeq, text: state.text, reasoning: state.reasoning, savedAt: Date.now() };
  writeJson(STORAGE_KEYS.replies, book);
}

export function dropResumePoint(messageId: string): void {
  const book = read();
  if (!(messageId in book)) return;
  delete book[messageId];
  writeJson(STORAGE_KEYS.replies, Object.keys(book).length ? book : null);
}
