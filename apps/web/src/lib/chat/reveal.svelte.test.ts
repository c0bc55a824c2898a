import { describe, expect, it } from 'vitest';
import { FIRST_MOUNT, MAX_MOUNT_SLICE, MessageReveal, MOUNT_BUDGET_MS } from './reveal.svelte';

const messages = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ key: `m${from + i}` }));
const keys = (list: { key: string }[]) => list.map((m) => m.key);

/** A reveal over a reactive list, as the message list uses it. */
function setup(initial: { key: string }[]) {
  const list = $state({ items: initial });
  const reveal = new MessageReveal(() => list.items);
  reveal.pin();
  return { list, reveal };
}

/** Mounts slices until nothing waits; returns every slice's keys in the order they mounted. */
function mountAll(reveal: MessageReveal<{ key: string }>, slice?: number) {
  const slices: string[][] = [];
  for (let guard = 0; reveal.waiting > 0 && guard < 1000; guard++) {
    const before = new Set(keys(reveal.mounted));
    expect(reveal.mountOlder(slice)).toBeGreaterThan(0);
    slices.push(keys(reveal.mounted).filter((k) => !before.has(k)));
    reveal.pin();
  }
  return slices;
}

describe('mounting a long conversation in slices', () => {
  it('mounts the newest messages at once and older ones newest first, each exactly once, in list order', () => {
    const { list, reveal } = setup(messages(0, 50));
    expect(keys(reveal.mounted)).toEqual(keys(messages(50 - FIRST_MOUNT, 50)));
    expect(reveal.waiting).toBe(50 - FIRST_MOUNT);

    const slices = mountAll(reveal, 7);
    // Each slice is the run right before the previous one: newest first.
    expect(slices[0]).toEqual(keys(messages(50 - FIRST_MOUNT - 7, 50 - FIRST_MOUNT)));
    const mountedOnce = [...slices.flat(), ...keys(messages(50 - FIRST_MOUNT, 50))];
    expect(new Set(mountedOnce).size).toBe(50);
    expect(keys(reveal.mounted)).toEqual(keys(list.items));
  });

  it('keeps an older page that arrives at the start waiting, and mounts it above in slices', () => {
    const { list, reveal } = setup(messages(50, 100));
    mountAll(reveal);
    const shown = keys(reveal.mounted);

    list.items = [...messages(0, 50), ...list.items];
    reveal.pin();
    // Nothing new mounts with the page itself: that was the long task.
    expect(keys(reveal.mounted)).toEqual(shown);
    expect(reveal.waiting).toBe(50);

    reveal.mountOlder(10);
    expect(keys(reveal.mounted)).toEqual(keys(messages(40, 100)));
    mountAll(reveal);
    expect(keys(reveal.mounted)).toEqual(keys(list.items));
  });

  it('mounts messages added at the end at once, without unmounting older ones', () => {
    const { list, reveal } = setup(messages(0, 3));
    expect(reveal.waiting).toBe(0);
    list.items = [...list.items, ...messages(3, 3 + FIRST_MOUNT + 2)];
    reveal.pin();
    expect(keys(reveal.mounted)).toEqual(keys(list.items));

    // Also while older ones still wait.
    const long = setup(messages(0, 40));
    long.list.items = [...long.list.items, { key: 'draft-user' }, { key: 'draft-reply' }];
    long.reveal.pin();
    expect(keys(long.reveal.mounted).slice(-2)).toEqual(['draft-user', 'draft-reply']);
    expect(long.reveal.mounted).toHaveLength(FIRST_MOUNT + 2);
  });

  it('starts again from the newest when the list is replaced (another branch, another conversation)', () => {
    const { list, reveal } = setup(messages(0, 30));
    mountAll(reveal);
    list.items = messages(100, 150);
    reveal.pin();
    expect(keys(reveal.mounted)).toEqual(keys(messages(150 - FIRST_MOUNT, 150)));
  });

  it('sizes the next slice to the frame budget from what mounting took', () => {
    const { reveal } = setup(messages(0, 200));
    for (let i = 0; i < 10; i++) reveal.measured(5, 5); // 1 ms a message
    // About the budget at 1 ms each (the estimate is smoothed, so it approaches 1 ms from above).
    expect(reveal.nextSlice()).toBeGreaterThanOrEqual(MOUNT_BUDGET_MS - 1);
    expect(reveal.nextSlice()).toBeLessThanOrEqual(MOUNT_BUDGET_MS);
    for (let i = 0; i < 5; i++) reveal.measured(2, 80); // 40 ms a message (a slow device, a busy machine)
    expect(reveal.nextSlice()).toBe(1);
    for (let i = 0; i < 20; i++) reveal.measured(10, 0.5);
    expect(reveal.nextSlice()).toBe(MAX_MOUNT_SLICE);
  });
});
