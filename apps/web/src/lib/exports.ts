import { api } from './api';
import { fileName, saveFile } from './download';

const TYPES = { json: 'application/json', md: 'text/markdown' } as const;

/** Downloads one conversation (every branch in JSON; the shown branch as a Markdown transcript). */
export async function downloadConversation(id: string, title: string, format: 'json' | 'md') {
  const text = await api.exportConversation(id, format);
  saveFile(fileName(title, format), text, TYPES[format]);
}

/** Downloads every conversation of the account. */
export async function downloadAllConversations(format: 'json' | 'md') {
  const text = await api.exportConversations(format);
  saveFile(`mana-chat-conversations-${new Date().toISOString().slice(0, 10)}.${format}`, text, TYPES[format]);
}
