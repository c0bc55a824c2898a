import type { ExportedChat } from '@mana/contracts';

/** The branch being shown, root first. */
export function activeBranch(chat: ExportedChat) {
  const byId = new Map(chat.messages.map((m) => [m.id, m]));
  const branch = [];
  let current = chat.activeLeafId ? byId.get(chat.activeLeafId) : undefined;
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    branch.unshift(current);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return branch;
}

const ROLE = { user: 'You', assistant: 'Assistant', system: 'System' } as const;

/** A readable Markdown transcript of each conversation's shown branch. */
export function conversationsToMarkdown(chats: ExportedChat[]): string {
  return chats
    .map((chat) => {
      const lines = [`# ${chat.title}`, '', `*${chat.createdAt.slice(0, 10)} · ${chat.modelId}*`, ''];
      if (chat.systemPrompt) lines.push(`> **System prompt:** ${chat.systemPrompt.replace(/\n/g, '\n> ')}`, '');
      for (const m of activeBranch(chat)) {
        const model = m.role === 'assistant' && m.modelId ? ` (${m.modelId})` : '';
        lines.push(`## ${ROLE[m.role]}${model}`, '', m.content || `*${m.status}*`, '');
      }
      const other = chat.messages.length - activeBranch(chat).length;
      if (other > 0) lines.push(`*${other} more message(s) on other branches are in the JSON export.*`, '');
      const latest = chat.documents.at(-1);
      if (latest) lines.push('---', '', `## Document (version ${latest.version})`, '', latest.content, '');
      return lines.join('\n');
    })
    .join('\n---\n\n');
}
