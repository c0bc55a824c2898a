import { readJson, STORAGE_KEYS, writeJson } from '../storage';

export type ThemeChoice = 'light' | 'dark' | 'system';
export type Language = 'en' | 'de';
export const LANGUAGES: Language[] = ['en', 'de'];

interface StoredSettings {
  theme?: ThemeChoice;
  language?: Language;
  defaultModelId?: string | null;
}

function browserLanguage(): Language {
  const preferred = globalThis.navigator?.language?.toLowerCase() ?? 'en';
  return preferred.startsWith('de') ? 'de' : 'en';
}

/** Per-browser preferences: theme, language, default model. Persisted in localStorage. */
export class SettingsStore {
  theme = $state<ThemeChoice>('system');
  language = $state<Language>('en');
  defaultModelId = $state<string | null>(null);
  /** What the system theme currently is (for `theme: 'system'`). */
  systemPrefersDark = $state(false);

  readonly resolvedTheme = $derived<'light' | 'dark'>(
    this.theme === 'system' ? (this.systemPrefersDark ? 'dark' : 'light') : this.theme,
  );

  constructor() {
    const stored = readJson<StoredSettings>(STORAGE_KEYS.settings) ?? {};
    this.theme = stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : 'system';
    this.language = stored.language === 'de' || stored.language === 'en' ? stored.language : browserLanguage();
    this.defaultModelId = stored.defaultModelId ?? null;
    const media = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
    if (media) {
      this.systemPrefersDark = media.matches;
      media.addEventListener?.('change', (e) => (this.systemPrefersDark = e.matches));
    }
  }

  setTheme(theme: ThemeChoice) {
    this.theme = theme;
    this.save();
  }

  setLanguage(language: Language) {
    this.language = language;
    this.save();
  }

  setDefaultModel(modelId: string | null) {
    this.defaultModelId = modelId;
    this.save();
  }

  /** Reflects theme and language on <html>, where CSS and screen readers look for them. */
  apply(root: HTMLElement | undefined = globalThis.document?.documentElement) {
    if (!root) return;
    root.dataset.theme = this.resolvedTheme;
    root.lang = this.language;
  }

  private save() {
    writeJson(STORAGE_KEYS.settings, { theme: this.theme, language: this.language, defaultModelId: this.defaultModelId });
  }
}

export const settings = new SettingsStore();
