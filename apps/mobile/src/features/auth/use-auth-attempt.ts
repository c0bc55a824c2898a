import { useState } from 'react';
import { usePreferences } from '@/features/settings/preferences';
import { useT } from '@/i18n/i18n';
import { authErrorMessage } from './auth-errors';

/**
 * One sign-in or sign-up attempt at a time: busy while it runs, and on failure the message the
 * auth screens show. On success the session changes and the screen goes away, so busy stays set.
 */
export function useAuthAttempt() {
  const t = useT();
  const { preferences } = usePreferences();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const attempt = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
    } catch (failure) {
      setError(authErrorMessage(failure, t, preferences.backendUrl));
      setBusy(false);
    }
  };

  return { busy, error, setError, attempt };
}
