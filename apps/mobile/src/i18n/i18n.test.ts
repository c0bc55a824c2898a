import { de } from './de';
import { en } from './en';
import { translator } from './i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('English and German have exactly the same keys', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('every German string uses the same placeholders as its English original', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, placeholders: placeholders(de[key]) }).toEqual({ key, placeholders: placeholders(en[key]) });
    }
  });

  it('no string is left empty', () => {
    for (const text of [...Object.values(en), ...Object.values(de)]) expect(text.trim()).not.toBe('');
  });

  it('fills placeholders', () => {
    expect(translator('de')('chat.branch', { index: 2, count: 3 })).toBe('2 / 3');
    expect(translator('en')('list.noResults', { query: 'x' })).toBe('Nothing matches “x”.');
  });
});
