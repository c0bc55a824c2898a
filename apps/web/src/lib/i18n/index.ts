import { settings, type Language } from '../stores/settings.svelte';
import { de } from './de';
import { en, type MessageKey } from './en';
import { spendLimitResets } from './spend-limit';

export type { MessageKey };
export const dictionaries: Record<Language, Record<MessageKey, string>> = { en, de };

type Params = Record<string, string | number>;

/** Fills `{name}` placeholders. Unknown placeholders stay visible, so a missing param is noticed. */
export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(language: Language, key: MessageKey, params?: Params): string {
  return format(dictionaries[language][key] ?? en[key] ?? key, params);
}

/** The UI string for `key` in the current language; reactive inside components. */
export const t = (key: MessageKey, params?: Params): string => translate(settings.language, key, params);

/** The message for an API error code, falling back to the server's own message. */
export function errorText(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'SPEND_LIMIT_REACHED') return t('error.SPEND_LIMIT_REACHED') + spendLimitResets((error as { details?: unknown }).details, t);
  if (code && `error.${code}` in en) return t(`error.${code}` as MessageKey);
  if (error instanceof TypeError) return t('error.NETWORK');
  return (error as Error | null)?.message || t('common.error');
}

/**
 * Like `errorText`, with the server's own explanation added where it says more than the code: a
 * FORBIDDEN in a space tells which role rule refused ("Only the owner can delete the space").
 */
export function errorDetail(error: unknown): string {
  const text = errorText(error);
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === 'FORBIDDEN' && message && message !== code && message !== text ? `${text} ${message}.`.replace(/\.\.$/, '.') : text;
}

/** The server names an untitled conversation "New chat" until its first reply; show that in the user's language. */
const SERVER_DEFAULT_TITLE = 'New chat';
export const conversationTitle = (conversation: { title: string } | null | undefined): string =>
  !conversation?.title || conversation.title === SERVER_DEFAULT_TITLE ? t('chat.untitled') : conversation.title;
