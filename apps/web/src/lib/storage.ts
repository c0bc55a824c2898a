/**
 * Everything the web app keeps in the browser, under one prefix. Reads never throw: a corrupt or
 * unavailable storage (private mode, quota) behaves like an empty one.
 */
export const STORAGE_KEYS = {
  session: 'mana.session',
  settings: 'mana.settings',
  replies: 'mana.replies',
} as const;

export function readJson<T>(key: string): T | null {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function writeJson(key: string, value: unknown): void {
  try {
    if (value === null || value === undefined) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the app keeps working, it just forgets on reload.
  }
}
