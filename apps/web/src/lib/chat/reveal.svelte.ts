/** How many of the newest messages mount at once when a conversation opens: about a screenful. */
export const FIRST_MOUNT = 8;
/** Time a frame may spend mounting older messages (the rest of the frame is style, layout, paint). */
export const MOUNT_BUDGET_MS = 8;
/** At most this many in one frame, however cheap they were to mount so far. */
export const MAX_MOUNT_SLICE = 20;

/**
 * Which messages of a conversation are mounted. Mounting one renders its markdown (parse,
 * highlight, sanitize) and builds its DOM, so a page of 50 at once is a long task. The newest few
 * mount at once, being what the user sees; older ones follow a slice per frame, newest first. A
 * page added at the start later (scrolling back) waits its turn the same way; messages added at the
 * end (the user's message, a reply) mount at once. Each message mounts once and in list order: the
 * mounted messages are always a suffix of the list.
 */
export class MessageReveal<T extends { key: string }> {
  /** The oldest mounted message; null (or no longer in the list): the newest `first` are mounted. */
  #oldest = $state<string | null>(null);
  /** Milliseconds one message took to mount, measured (a first guess until then). */
  #perMessageMs = 2;

  /** Index of the oldest mounted message. */
  readonly start: number;
  /** The messages to render, oldest first. */
  readonly mounted: T[];

  constructor(
    private readonly list: () => T[],
    first = FIRST_MOUNT,
  ) {
    this.start = $derived.by(() => {
      const items = list();
      const index = this.#oldest === null ? -1 : items.findIndex((m) => m.key === this.#oldest);
      return index >= 0 ? index : Math.max(0, items.length - first);
    });
    this.mounted = $derived(list().slice(this.start));
  }

  /** How many older messages wait to be mounted. */
  get waiting(): number {
    return this.start;
  }

  /**
   * Holds the window where it is: the oldest mounted message stays the oldest mounted while the list
   * grows at either end. Idempotent; the list view calls it after every change.
   */
  pin() {
    const key = this.list()[this.start]?.key ?? null;
    if (key !== this.#oldest) this.#oldest = key;
  }

  /** How many to mount in the next frame: as many as fit the frame budget at the measured cost. */
  nextSlice(): number {
    return Math.max(1, Math.min(MAX_MOUNT_SLICE, Math.floor(MOUNT_BUDGET_MS / this.#perMessageMs)));
  }

  /** Mounts up to `count` more older messages (the ones right before the oldest mounted). */
  mountOlder(count = this.nextSlice()): number {
    const from = this.start;
    const next = Math.max(0, from - count);
    const key = this.list()[next]?.key;
    if (key === undefined || next === from) return 0;
    this.#oldest = key;
    return from - next;
  }

  /** Feeds back what mounting `count` messages took, so the next slice fits the budget. */
  measured(count: number, ms: number) {
    if (count <= 0 || !(ms >= 0)) return;
    // Smoothed: one slow frame (a GC, a busy machine) should not collapse the slices for good.
    this.#perMessageMs = Math.max(0.2, this.#perMessageMs * 0.5 + (ms / count) * 0.5);
  }
}
