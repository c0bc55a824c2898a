import { Injectable } from '@nestjs/common';
import { ok, type Result, type SearchQuery, type SearchResult } from '@mana/contracts';
import { toConversation } from '../conversations/conversation.mapper';
import { SearchRepository } from './search.repository';
import { escapeHtml, searchTerms, snippet, toTsquery } from './snippets';

const SNIPPETS_PER_CONVERSATION = 3;

/** Finds the user's conversations by title and by what was said in them. */
@Injectable()
export class SearchService {
  constructor(private readonly repository: SearchRepository) {}

  async search(userId: string, query: SearchQuery): Promise<Result<SearchResult>> {
    const terms = searchTerms(query.q);
    const [hits, titled] = await Promise.all([
      terms.length ? this.repository.searchMessages({ userId, tsquery: toTsquery(terms), limit: 200 }) : Promise.resolve([]),
      this.repository.searchTitles({ userId, q: query.q, limit: query.limit }),
    ]);
    const snippetsBy = new Map<string, { messageId: string | null; text: string }[]>();
    for (const hit of hits) {
      const list = snippetsBy.get(hit.conversationId) ?? [];
      if (list.length >= SNIPPETS_PER_CONVERSATION) continue;
      const text = snippet(hit.content, terms);
      if (text) list.push({ messageId: hit.id, text });
      snippetsBy.set(hit.conversationId, list);
    }
    const byId = new Map(titled.map((c) => [c.id, c]));
    const missing = [...snippetsBy.keys()].filter((id) => !byId.has(id));
    for (const c of await this.repository.findConversations({ userId, ids: missing })) byId.set(c.id, c);
    const items = [...byId.values()]
      .sort((a, b) => b.lastMessageAt.getTime() - a.lastMessageAt.getTime())
      .slice(0, query.limit)
      .map((c) => ({
        conversation: toConversation(c),
        snippets: snippetsBy.get(c.id) ?? [{ messageId: null, text: snippet(c.title, terms) ?? escapeHtml(c.title) }],
      }));
    return ok({ items });
  }
}
