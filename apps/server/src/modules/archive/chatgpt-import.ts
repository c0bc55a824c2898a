import { z } from 'zod';

/**
 * ChatGPT's `conversations.json` (Settings → Data controls → Export): a list of conversations whose
 * messages form a tree in `mapping`, with `current_node` the branch being shown.
 */
const chatGptNode = z.object({
  id: z.string(),
  parent: z.string().nullable().optional(),
  message: z
    .object({
      author: z.object({ role: z.string() }).passthrough(),
      content: z.object({ content_type: z.string().optional(), parts: z.array(z.unknown()).optional() }).passthrough().nullable().optional(),
      create_time: z.number().nullable().optional(),
      metadata: z.object({ model_slug: z.string().optional(), is_visually_hidden_from_conversation: z.boolean().optional() }).passthrough().nullable().optional(),
    })
    .passthrough()
    .nullable()
    .optional(),
});

export const chatGptExportSchema = z.array(
  z
    .object({
      title: z.string().nullable().optional(),
      create_time: z.number().nullable().optional(),
      update_time: z.number().nullable().optional(),
      mapping: z.record(z.string(), chatGptNode),
      current_node: z.string().nullable().optional(),
    })
    .passthrough(),
);
export type ChatGptExport = z.infer<typeof chatGptExportSchema>;

export interface ImportedTurn {
  key: string;
  parentKey: string | null;
  role: 'system' | 'user' | 'assistant';
  content: string;
  modelId: string | null;
  createdAt: Date;
}

export interface ImportedChat {
  title: string;
  createdAt: Date;
  updatedAt: Date;
  turns: ImportedTurn[];
  activeLeafKey: string | null;
}

const textOf = (parts: unknown[] | undefined) =>
  (parts ?? []).map((p) => (typeof p === 'string' ? p : typeof (p as { text?: unknown })?.text === 'string' ? (p as { text: string }).text : '')).join('');

/** Turns ChatGPT's tree into ours: hidden, empty and tool nodes are skipped and their children re-parented. */
export function fromChatGpt(data: ChatGptExport): ImportedChat[] {
  return data.map((chat) => {
    const nodes = chat.mapping;
    const kept = new Map<string, ImportedTurn>();
    const keep = (id: string): boolean => {
      const message = nodes[id]?.message;
      if (!message) return false;
      const role = message.author.role;
      if (role !== 'user' && role !== 'assistant' && role !== 'system') return false;
      if (message.metadata?.is_visually_hidden_from_conversation) return false;
      return textOf(message.content?.parts).trim().length > 0;
    };
    // The nearest kept ancestor of a node, so skipped nodes do not break the chain.
    const keptAncestor = (id: string | null | undefined): string | null => {
      let current = id;
      const seen = new Set<string>();
      while (current && !seen.has(current)) {
        seen.add(current);
        if (keep(current)) return current;
        current = nodes[current]?.parent ?? null;
      }
      return null;
    };
    const fallbackTime = (chat.create_time ?? Date.now() / 1000) * 1000;
    for (const [id, node] of Object.entries(nodes)) {
      if (!keep(id)) continue;
      const message = node.message!;
      kept.set(id, {
        key: id,
        parentKey: keptAncestor(node.parent),
        role: message.author.role as ImportedTurn['role'],
        content: textOf(message.content?.parts),
        modelId: message.metadata?.model_slug ? `chatgpt/${message.metadata.model_slug}` : null,
        createdAt: new Date(message.create_time ? message.create_time * 1000 : fallbackTime),
      });
    }
    const turns = orderParentsFirst([...kept.values()]);
    return {
      title: chat.title?.trim() || 'Imported chat',
      createdAt: new Date(fallbackTime),
      updatedAt: new Date((chat.update_time ?? chat.create_time ?? Date.now() / 1000) * 1000),
      turns,
      activeLeafKey: keptAncestor(chat.current_node) ?? turns.at(-1)?.key ?? null,
    };
  });
}

/** Parents before children (insert order for the foreign key), otherwise by time. */
export function orderParentsFirst<T extends { key: string; parentKey: string | null; createdAt: Date }>(items: T[]): T[] {
  const byParent = new Map<string | null, T[]>();
  for (const item of items) {
    const list = byParent.get(item.parentKey) ?? [];
    list.push(item);
    byParent.set(item.parentKey, list);
  }
  const ordered: T[] = [];
  const keys = new Set(items.map((i) => i.key));
  const roots = items.filter((i) => i.parentKey === null || !keys.has(i.parentKey));
  const queue = roots.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  while (queue.length) {
    const next = queue.shift()!;
    ordered.push(next);
    queue.push(...(byParent.get(next.key) ?? []).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()));
  }
  return ordered;
}
