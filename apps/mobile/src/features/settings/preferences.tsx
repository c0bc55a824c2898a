import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { z } from 'zod';
import { backendUrlSchema, env } from '@/env';
import { deviceStore as defaultStore, type DeviceStore } from '@/storage/device-store';

const PREFERENCES_KEY = 'mana.preferences';

const preferencesSchema = z.object({
  backendUrl: backendUrlSchema.catch(env.EXPO_PUBLIC_BACKEND_URL),
  theme: z.enum(['system', 'light', 'dark']).catch('system'),
  language: z.enum(['system', 'en', 'de']).catch('system'),
  defaultModelId: z.string().nullable().catch(null),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const defaultPreferences = (): Preferences => ({
  backendUrl: env.EXPO_PUBLIC_BACKEND_URL,
  theme: 'system',
  language: 'system',
  defaultModelId: null,
});

/** Reads stored preferences; anything missing or malformed falls back to its default. */
export function parsePreferences(stored: string | null): Preferences {
  if (!stored) return defaultPreferences();
  try {
    return preferencesSchema.parse({ ...defaultPreferences(), ...JSON.parse(stored) });
  } catch {
    return defaultPreferences();
  }
}

interface PreferencesValue {
  preferences: Preferences;
  updatePreferences: (patch: Partial<Preferences>) => void;
}

const PreferencesContext = createContext<PreferencesValue | null>(null);

export function PreferencesProvider({
  children,
  store = defaultStore,
  initial,
}: {
  children: ReactNode;
  store?: DeviceStore;
  /** Skips loading (tests). */
  initial?: Preferences;
}) {
  const [preferences, setPreferences] = useState<Preferences | null>(initial ?? null);

  useEffect(() => {
    if (initial) return;
    let live = true;
    store
      .getItem(PREFERENCES_KEY)
      .catch(() => null)
      .then((stored) => live && setPreferences(parsePreferences(stored)));
    return () => {
      live = false;
    };
  }, [initial, store]);

  const updatePreferences = useCallback(
    (patch: Partial<Preferences>) =>
      setPreferences((current) => {
        const next = { ...(current ?? defaultPreferences()), ...patch };
        void store.setItem(PREFERENCES_KEY, JSON.stringify(next)).catch(() => undefined);
        return next;
      }),
    [store],
  );

  const value = useMemo(() => (preferences ? { preferences, updatePreferences } : null), [preferences, updatePreferences]);
  // Nothing renders before the stored backend URL is known, so no request goes to the wrong server.
  if (!value) return null;
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): PreferencesValue {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences outside PreferencesProvider');
  return value;
}
