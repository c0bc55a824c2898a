// The models page shows every model of the committed snapshot with its context length and prices.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatContextLength, formatMessageCost, formatPricePerMillion, formatUsd, messageCostUsd } from '../src/lib/price-format.mjs';
import { attr, byTag, findAll, findFirst, hasClass, parseHtml, textOf } from './support/html.mjs';
import { readPage } from './support/site.mjs';

const snapshot = JSON.parse(readFileSync(new URL('../src/data/models-snapshot.json', import.meta.url), 'utf8'));
const NBSP = /\u00a0/g;
const clean = (text) => text.replace(NBSP, ' ').replace(/\s+/g, ' ').trim();

/** The rendered table as { id → { context, input, output, inputClass, outputClass } }. */
function renderedRows(urlPath) {
  const document = parseHtml(readPage(urlPath));
  const table = findFirst(document, (el) => el.tagName === 'table' && hasClass(el, 'model-table'));
  expect(table, `${urlPath} has a model table`).toBeDefined();
  const body = findFirst(table, byTag('tbody'));
  return Object.fromEntries(
    findAll(body, byTag('tr')).map((row) => {
      const id = textOf(findFirst(row, byTag('code')));
      const [context, input, output] = findAll(row, byTag('td'));
      return [
        id,
        {
          name: clean(textOf(findFirst(row, byTag('th')).childNodes[0])),
          context: clean(textOf(context)),
          input: clean(textOf(input)),
          output: clean(textOf(output)),
          inputClass: attr(input, 'class') ?? null,
          outputClass: attr(output, 'class') ?? null,
        },
      ];
    }),
  );
}

/** "$1,234.50" / "1.234,50 $" → 1234.5 */
function parseUsd(text, locale) {
  const digits = text.replace(/[^\d.,]/g, '');
  return Number(locale === 'de' ? digits.replace(/\./g, '').replace(',', '.') : digits.replace(/,/g, ''));
}

describe('price formatting', () => {
  it('writes USD per 1M tokens the way each language expects', () => {
    expect(formatPricePerMillion(0.15, 'en')).toEqual({ kind: 'paid', text: '$0.15' });
    expect(formatPricePerMillion(15, 'en').text).toBe('$15.00');
    expect(clean(formatPricePerMillion(0.15, 'de').text)).toBe('0,15 $');
    expect(formatPricePerMillion(1234.5, 'en').text).toBe('$1,234.50');
  });

  it('keeps sub-cent prices visible instead of rounding them to $0.00', () => {
    expect(formatUsd(0.0075, 'en')).toBe('$0.0075');
    expect(formatUsd(0.000045, 'en')).toBe('$0.000045');
  });

  it('says Free for zero and Varies for a price that depends on the routed model', () => {
    expect(formatPricePerMillion(0, 'en')).toEqual({ kind: 'free', text: 'Free' });
    expect(formatPricePerMillion(null, 'en')).toEqual({ kind: 'varies', text: 'Varies' });
    expect(formatPricePerMillion(0, 'de').text).toBe('Gratis');
    expect(formatPricePerMillion(null, 'de').text).toBe('Variabel');
  });

  it('writes the cost of one message to three significant digits', () => {
    expect(formatMessageCost(0.0105, 'en')).toBe('$0.0105');
    expect(formatMessageCost(0.00045, 'en')).toBe('$0.00045');
    expect(clean(formatMessageCost(0.0105, 'de'))).toBe('0,0105 $');
    expect(formatMessageCost(2.5, 'en')).toBe('$2.50');
  });

  it('computes the cost of one message from per-1M prices', () => {
    expect(messageCostUsd({ pricingInput: 3, pricingOutput: 15 }, { promptTokens: 1204, completionTokens: 386 })).toBeCloseTo(0.009402, 9);
    expect(messageCostUsd({ pricingInput: null, pricingOutput: null }, { promptTokens: 1, completionTokens: 1 })).toBeNull();
  });
});

describe.each([
  ['en', '/models/'],
  ['de', '/de/models/'],
])('the %s models page', (locale, urlPath) => {
  const rows = renderedRows(urlPath);

  it('has one row per snapshot model', () => {
    expect(Object.keys(rows).sort()).toEqual(snapshot.models.map((model) => model.id).sort());
  });

  it.each(snapshot.models.map((model) => [model.id, model]))('%s shows its context length and both prices', (id, model) => {
    const row = rows[id];
    expect(row.name).toBe(model.name);
    expect(row.context).toBe(clean(formatContextLength(model.contextLength, locale)));
    for (const [side, price] of [
      ['input', model.pricingInput],
      ['output', model.pricingOutput],
    ]) {
      const text = row[side];
      if (price === null) {
        expect(text).toBe(locale === 'en' ? 'Varies' : 'Variabel');
        expect(row[`${side}Class`]).toBe('varies');
      } else if (price === 0) {
        expect(text).toBe(locale === 'en' ? 'Free' : 'Gratis');
        expect(row[`${side}Class`]).toBe('free');
      } else {
        // Read the number back from the page: it must be the snapshot's USD per 1M, to the cent (or 4 digits below a cent).
        expect(text).toMatch(locale === 'en' ? /^\$[\d,]+\.\d{2,}$/ : /^[\d.]+,\d{2,} \$$/);
        expect(parseUsd(text, locale)).toBeCloseTo(price, price >= 0.01 ? 2 : 6);
      }
    }
  });
});

describe('the committed fixture snapshot, as a visitor reads it', () => {
  // Exact strings for well-known rows, so a formatting or conversion slip shows up as the text a visitor would see.
  const expected = {
    'openai/gpt-4o-mini': ['128,000', '$0.15', '$0.60'],
    'anthropic/claude-sonnet-4': ['200,000', '$3.00', '$15.00'],
    'google/gemini-2.0-flash-001': ['1,048,576', '$0.10', '$0.40'],
    'deepseek/deepseek-r1': ['163,840', '$0.40', '$2.00'],
    'mistralai/mistral-small-3.1-24b-instruct': ['131,072', '$0.05', '$0.10'],
    'meta-llama/llama-3.3-70b-instruct:free': ['131,072', 'Free', 'Free'],
    'openrouter/auto': ['2,000,000', 'Varies', 'Varies'],
  };
  const rows = renderedRows('/models/');
  const present = Object.keys(expected).filter((id) => rows[id]);

  it.skipIf(present.length === 0)('renders the known models exactly', () => {
    for (const id of present) {
      expect([rows[id].context, rows[id].input, rows[id].output], id).toEqual(expected[id]);
    }
  });

  it('the German page writes the same prices with German number formatting', () => {
    const german = renderedRows('/de/models/');
    if (german['anthropic/claude-sonnet-4']) {
      expect(german['anthropic/claude-sonnet-4']).toMatchObject({ context: '200.000', input: '3,00 $', output: '15,00 $' });
    }
  });
});

describe('the pricing page', () => {
  it('works out the cost of a typical message from the snapshot prices', () => {
    const document = parseHtml(readPage('/pricing/'));
    const table = findFirst(document, (el) => el.tagName === 'table' && hasClass(el, 'model-table'));
    const rows = findAll(findFirst(table, byTag('tbody')), byTag('tr'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const name = clean(textOf(findFirst(row, byTag('th')).childNodes[0]));
      const model = snapshot.models.find((candidate) => candidate.name === name);
      expect(model, name).toBeDefined();
      const cost = messageCostUsd(model, { promptTokens: 1000, completionTokens: 500 });
      expect(clean(textOf(findAll(row, byTag('td'))[0]))).toBe(formatMessageCost(cost, 'en'));
    }
  });
});

describe('room to grow', () => {
  it('a full OpenRouter catalog (450 models) would still fit the 100 KB page budget', () => {
    const html = readPage('/models/');
    const rows = html.match(/<tr>\s*<th scope="row">.*?<\/tr>/gs) ?? [];
    expect(rows.length).toBe(snapshot.models.length);
    const averageRow = rows.reduce((sum, row) => sum + Buffer.byteLength(row), 0) / rows.length;
    // Real model names and ids run a little longer than the fixture's; allow a quarter more per row.
    const projected = Buffer.byteLength(html) + (450 - rows.length) * averageRow * 1.25;
    expect(projected).toBeLessThan(100 * 1024);
  });
});
