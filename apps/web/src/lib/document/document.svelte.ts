import { AppError, type DocumentDiff, type DocumentVersion } from '@mana/contracts';
import type { ManaClient } from '@mana/client';

export interface VersionInfo {
  version: number;
  messageId: string | null;
  createdAt: string;
  length: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A document conversation's document: the latest version, the version list, a version being looked
 * at, a diff between two versions, and the changes (manual edit, restore). A reply that finishes
 * becomes a version on the server a moment after the reply ends; `noticeReply` waits for it.
 */
export class DocumentStore {
  latest = $state.raw<DocumentVersion | null>(null);
  versions = $state.raw<VersionInfo[]>([]);
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state.raw<unknown>(null);
  /** An older version on screen instead of the latest. */
  viewing = $state.raw<DocumentVersion | null>(null);
  diff = $state.raw<DocumentDiff | null>(null);
  /** A save, restore or diff in flight. */
  working = $state(false);

  private readonly noticed = new Set<string>();
  private loaded = false;

  constructor(
    readonly conversationId: string,
    private readonly client: ManaClient,
    private readonly options: { pollDelaysMs?: number[] } = {},
  ) {}

  /** What the panel shows: the version being viewed, else the latest. */
  get shown(): DocumentVersion | null {
    return this.viewing ?? this.latest;
  }

  async load() {
    try {
      const [latest, versions] = await Promise.all([
        this.client.getDocument(this.conversationId).catch((error) => {
          // No version yet: an empty document, not an error.
          if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
          throw error;
        }),
        this.client.documentVersions(this.conversationId),
      ]);
      this.latest = latest;
      this.versions = [...versions.items].sort((a, b) => b.version - a.version);
      this.status = 'ready';
      this.error = null;
      this.loaded = true;
    } catch (error) {
      this.error = error;
      if (!this.loaded) this.status = 'error';
    }
  }

  /**
   * A reply finished in the conversation: the server turns it into a version right after, so look
   * until it is there (or it turns out to change nothing).
   */
  async noticeReply(messageId: string, content: string) {
    if (this.noticed.has(messageId)) return;
    this.noticed.add(messageId);
    if (!this.loaded || this.versions.some((v) => v.messageId === messageId)) return;
    for (const delay of this.options.pollDelaysMs ?? [150, 400, 800, 1500, 2500]) {
      await sleep(delay);
      await this.load();
      if (this.versions.some((v) => v.messageId === messageId)) return;
      if (!content.trim() || this.latest?.content === content) return;
    }
  }

  async view(version: number) {
    if (version === this.latest?.version) {
      this.viewing = null;
      return;
    }
    this.viewing = await this.client.documentVersion(this.conversationId, version);
  }

  backToLatest() {
    this.viewing = null;
  }

  async compare(from: number, to: number) {
    this.working = true;
    try {
      this.diff = await this.client.documentDiff(this.conversationId, from, to);
    } finally {
      this.working = false;
    }
  }

  closeDiff() {
    this.diff = null;
  }

  /** Makes an older version the latest again (as a new version). */
  async restore(version: number) {
    await this.change(() => this.client.restoreDocumentVersion(this.conversationId, version));
  }

  /** A manual edit: the text becomes a new version. */
  async save(content: string) {
    await this.change(() => this.client.saveDocument(this.conversationId, content));
  }

  /** The latest version as the server's Markdown file. */
  exportMarkdown(): Promise<string> {
    return this.client.documentMarkdown(this.conversationId);
  }

  private async change(run: () => Promise<DocumentVersion>) {
    this.working = true;
    try {
      this.latest = await run();
      this.viewing = null;
      await this.load();
    } finally {
      this.working = false;
    }
  }
}
