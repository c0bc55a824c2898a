import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { de } from './de';
import { en } from './en';
import { format, translate } from './index';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('English and German have exactly the same keys', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('no string is empty and each translation keeps the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(de[key].trim(), key).not.toBe('');
      expect(placeholders(de[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('every key used in the source exists', () => {
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts')) {
          for (const m of readFileSync(path, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) used.add(m[1]);
        }
      }
    };
    walk(join(__dirname, '..', '..'));
    const missing = [...used].filter((key) => !(key in en));
    expect(missing).toEqual([]);
  });

  it('fills placeholders', () => {
    expect(format('Hi {name}, {n} new', { name: 'Ada', n: 3 })).toBe('Hi Ada, 3 new');
    expect(translate('de', 'search.empty', { q: 'x' })).toBe('Keine Unterhaltung passt zu „x“.');
  });
});

describe('HTML sinks', () => {
  it('every {@html} renders sanitized output only', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.svelte')) {
          for (const m of readFileSync(path, 'utf8').matchAll(/\{@html ([^}]+)\}/g)) {
            // Allowed: the renderer's blocks (sanitized in renderBlock) and sanitizeSnippet(…).
            if (!/^(block\.html|sanitizeSnippet\()/.test(m[1].trim())) offenders.push(`${name}: ${m[0]}`);
          }
        }
      }
    };
    walk(join(__dirname, '..', '..'));
    expect(offenders).toEqual([]);
  });
});
