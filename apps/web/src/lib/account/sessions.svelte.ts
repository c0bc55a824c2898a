import type { ManaClient } from '@mana/client';
import type { Session } from '@mana/contracts';

/** The signed-in devices of the account (`GET /account/sessions`) and revoking them. */
export class SessionListStore {
  items = $state.raw<Session[]>([]);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state.raw<unknown>(null);
  /** The session being revoked, or 'others' while all other sessions are. */
  busy = $state<string | null>(null);

  constructor(private readonly client: () => ManaClient) {}

  /** This device's session first, then the most recently used. */
  get sorted(): Session[] {
    return [...this.items].sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt));
  }

  get others(): number {
    return this.items.filter((s) => !s.current).length;
  }

  async load() {
    this.status = this.items.length ? this.status : 'loading';
    try {
      this.items = (await this.client().listSessions()).items;
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      this.error = error;
      if (!this.items.length) this.status = 'error';
    }
  }

  /**
   * Ends one session. Returns true when it was this device's: the caller signs out here too.
   * A session that is already gone (404) just leaves the list.
   */
  async revoke(id: string): Promise<boolean> {
    const session = this.items.find((s) => s.id === id);
    this.busy = id;
    try {
      await this.client().revokeSession(id);
    } catch (error) {
      if ((error as { code?: string }).code !== 'NOT_FOUND') throw error;
    } finally {
      this.busy = null;
    }
    this.items = this.items.filter((s) => s.id !== id);
    return Boolean(session?.current);
  }

  /** Ends every session but this device's; resolves with how many the server ended. */
  async revokeOthers(): Promise<number> {
    this.busy = 'others';
    try {
      const { revoked } = await this.client().revokeOtherSessions();
      this.items = this.items.filter((s) => s.current);
      return revoked;
    } finally {
      this.busy = null;
    }
  }
}

export interface Device {
  /** Browser or app, e.g. "Firefox", "Mana Chat app"; null when not recognised. */
  client: string | null;
  /** Operating system, e.g. "macOS"; null when not recognised. */
  os: string | null;
  mobile: boolean;
}

const CLIENTS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\b(?:Headless)?Chrom(?:e|ium)\/|\bCriOS\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/\bExpo\b|\bokhttp\/|\bCFNetwork\//, 'Mana Chat app'],
  [/^curl\//, 'curl'],
  [/^node\b|\bundici\b/, 'Node.js'],
];
const SYSTEMS: [RegExp, string][] = [
  [/\biPhone|\biPad|\biPod|\biOS\b|\bCFNetwork\//, 'iOS'],
  [/\bAndroid\b|\bokhttp\//, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

/** A readable device from a User-Agent header: browser or app and operating system. */
export function describeDevice(userAgent: string | null | undefined): Device {
  const ua = userAgent ?? '';
  const client = CLIENTS.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
  const os = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
  return { client, os, mobile: /\bMobile\b|\biPhone\b|\bAndroid\b|\bokhttp\/|\bCFNetwork\//.test(ua) };
}
