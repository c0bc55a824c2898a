import type { DeviceStore } from './device-store';

/**
 * Browsers have no secure enclave reachable from a page; the web build (used for previews and
 * smoke tests) keeps the same values in localStorage behind the same interface.
 */
export const deviceStore: DeviceStore = {
  getItem: async (key) => globalThis.localStorage?.getItem(key) ?? null,
  setItem: async (key, value) => globalThis.localStorage?.setItem(key, value),
  removeItem: async (key) => globalThis.localStorage?.removeItem(key),
};

export type { DeviceStore };
