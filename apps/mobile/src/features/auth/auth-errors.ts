import { AppError } from '@mana/contracts';
import type { Translate } from '@/i18n/i18n';

/** What the auth screens say for a failed sign-in or sign-up. */
export function authErrorMessage(error: unknown, t: Translate, backendUrl: string): string {
  if (error instanceof AppError) {
    switch (error.code) {
      case 'UNAUTHORIZED':
        return t('auth.invalidCredentials');
      case 'CONFLICT':
        return t('auth.emailTaken');
      case 'RATE_LIMITED':
        return t('auth.rateLimited');
      case 'VALIDATION':
        return error.message;
      default:
        return error.code === 'INTERNAL' && /^HTTP /.test(error.message) ? t('auth.unreachable', { url: backendUrl }) : error.message;
    }
  }
  // fetch rejects with a TypeError when nothing answers (wrong address, server down, CORS).
  return t('auth.unreachable', { url: backendUrl });
}
