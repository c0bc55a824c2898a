import { beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from './settings.svelte';

beforeEach(() => localStorage.clear());

describe('settings', () => {
  it('persists theme, language and default model across reloads', () => {
    const first = new SettingsStore();
    first.setTheme('dark');
    first.setLanguage('de');
    first.setDefaultModel('openai/gpt-4o-mini');
    const second = new SettingsStore();
    expect([second.theme, second.language, second.defaultModelId]).toEqual(['dark', 'de', 'openai/gpt-4o-mini']);
  });

  it('follows the system theme when set to system, and puts theme and language on <html>', () => {
    const settings = new SettingsStore();
    settings.setTheme('system');
    settings.systemPrefersDark = true;
    expect(settings.resolvedTheme).toBe('dark');
    settings.setLanguage('de');
    const root = document.createElement('html');
    settings.apply(root);
    expect(root.dataset.theme).toBe('dark');
    expect(root.lang).toBe('de');
  });

  it('ignores corrupt stored settings', () => {
    localStorage.setItem('mana.settings', '{not json');
    expect(new SettingsStore().theme).toBe('system');
  });
});
