// The model catalog snapshot: one normalized shape, whichever source it came from.
// Plain JavaScript (with JSDoc types) so the refresh script runs under bare Node
// and the Astro pages import the very same code.

/**
 * @typedef {object} CatalogModel
 * @property {string} id              public model id, e.g. "openai/gpt-4o-mini"
 * @property {string} name            display name without the vendor prefix
 * @property {string} vendor          who makes the model, e.g. "OpenAI"
 * @property {number | null} contextLength  tokens; null when the source does not say
 * @property {number | null} pricingInput   USD per 1M prompt tokens; 0 = free; null = varies
 * @property {number | null} pricingOutput  USD per 1M completion tokens; 0 = free; null = varies
 */

/**
 * @typedef {object} CatalogSnapshot
 * @property {1} version
 * @property {"openrouter" | "mana-api"} source
 * @property {string} sourceUrl
 * @property {string} fetchedAt       ISO 8601
 * @property {CatalogModel[]} models  sorted by id
 */

export class CatalogFormatError extends Error {
  name = 'CatalogFormatError';
}

const TOKENS_PER_MILLION = 1_000_000;

/**
 * OpenRouter prices a token in USD as a decimal string ("0.00000015").
 * "-1" marks a price that depends on the routed model (openrouter/auto).
 * @param {unknown} perToken
 * @param {string} where  for the error message
 * @returns {number | null} USD per 1M tokens, null when it varies
 */
export function openRouterPriceToPerMillion(perToken, where) {
  const text = typeof perToken === 'string' ? perToken.trim() : '';
  const value = typeof perToken === 'number' ? perToken : text === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw new CatalogFormatError(`${where}: expected a price string, got ${JSON.stringify(perToken)}`);
  }
  if (value < 0) return null;
  return roundPrice(value * TOKENS_PER_MILLION);
}

/**
 * Our API already answers USD per 1M tokens; a negative or missing price means it varies.
 * @param {unknown} perMillion
 * @param {string} where
 * @returns {number | null}
 */
export function apiPriceToPerMillion(perMillion, where) {
  if (perMillion === null || perMillion === undefined) return null;
  const value = typeof perMillion === 'string' ? Number(perMillion) : perMillion;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CatalogFormatError(`${where}: expected a number, got ${JSON.stringify(perMillion)}`);
  }
  return value < 0 ? null : roundPrice(value);
}

/** Binary floating point turns 0.00000015 * 1e6 into 0.15000000000000002; keep 6 decimals. */
function roundPrice(usd) {
  return Math.round(usd * 1e6) / 1e6;
}

/**
 * "OpenAI: GPT-4o-mini" → { vendor: "OpenAI", name: "GPT-4o-mini" }.
 * Without a prefix, the vendor is the id's first segment ("builtin/echo" → "builtin").
 * @param {string} id
 * @param {string | undefined} rawName
 */
export function splitVendor(id, rawName) {
  const name = (rawName ?? '').trim() || id;
  const colon = name.indexOf(': ');
  if (colon > 0) return { vendor: name.slice(0, colon).trim(), name: name.slice(colon + 2).trim() };
  const slash = id.indexOf('/');
  return { vendor: slash > 0 ? id.slice(0, slash) : id, name };
}

/** @param {unknown} value */
function contextLengthOf(value) {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : null;
}

/** @param {CatalogModel[]} models */
function sortedUnique(models) {
  const byId = new Map();
  for (const model of models) byId.set(model.id, model);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Normalizes OpenRouter's `GET /models` body (`{ data: [...] }`).
 * @param {unknown} body
 * @returns {CatalogModel[]}
 */
export function normalizeOpenRouterModels(body) {
  const list = /** @type {any} */ (body)?.data;
  if (!Array.isArray(list)) throw new CatalogFormatError('OpenRouter /models: expected an object with a "data" array');
  return sortedUnique(
    list.map((entry, index) => {
      const id = entry?.id;
      if (typeof id !== 'string' || id === '') throw new CatalogFormatError(`OpenRouter /models: data[${index}] has no id`);
      const pricing = entry.pricing;
      if (!pricing || typeof pricing !== 'object') throw new CatalogFormatError(`OpenRouter /models: ${id} has no pricing`);
      return {
        id,
        ...splitVendor(id, entry.name),
        contextLength: contextLengthOf(entry.context_length ?? entry.top_provider?.context_length),
        pricingInput: openRouterPriceToPerMillion(pricing.prompt, `${id} pricing.prompt`),
        pricingOutput: openRouterPriceToPerMillion(pricing.completion, `${id} pricing.completion`),
      };
    }),
  );
}

/**
 * Normalizes our API's `GET /api/v1/chat/models` body (`{ items: [...] }`, prices per 1M tokens).
 * @param {unknown} body
 * @returns {CatalogModel[]}
 */
export function normalizeManaApiModels(body) {
  const list = /** @type {any} */ (body)?.items;
  if (!Array.isArray(list)) throw new CatalogFormatError('Mana API /chat/models: expected an object with an "items" array');
  return sortedUnique(
    list.map((entry, index) => {
      const id = entry?.id;
      if (typeof id !== 'string' || id === '') throw new CatalogFormatError(`Mana API /chat/models: items[${index}] has no id`);
      return {
        id,
        ...splitVendor(id, entry.name),
        contextLength: contextLengthOf(entry.contextLength),
        pricingInput: apiPriceToPerMillion(entry.pricingInput, `${id} pricingInput`),
        pricingOutput: apiPriceToPerMillion(entry.pricingOutput, `${id} pricingOutput`),
      };
    }),
  );
}

/**
 * @param {{ source: "openrouter" | "mana-api", sourceUrl: string, body: unknown, fetchedAt?: Date }} input
 * @returns {CatalogSnapshot}
 */
export function buildSnapshot({ source, sourceUrl, body, fetchedAt = new Date() }) {
  const models = source === 'openrouter' ? normalizeOpenRouterModels(body) : normalizeManaApiModels(body);
  if (models.length === 0) throw new CatalogFormatError(`${sourceUrl} listed no models; refusing to write an empty catalog`);
  return { version: 1, source, sourceUrl, fetchedAt: fetchedAt.toISOString(), models };
}

/**
 * Guards the committed file: a hand edit that breaks the shape fails the build, not the visitor.
 * @param {unknown} snapshot
 * @returns {CatalogSnapshot}
 */
export function assertSnapshot(snapshot) {
  const s = /** @type {any} */ (snapshot);
  if (!s || s.version !== 1 || !Array.isArray(s.models) || typeof s.fetchedAt !== 'string') {
    throw new CatalogFormatError('models snapshot: expected { version: 1, fetchedAt, models: [...] }');
  }
  for (const m of s.models) {
    const priceOk = (p) => p === null || (typeof p === 'number' && Number.isFinite(p) && p >= 0);
    if (typeof m?.id !== 'string' || typeof m.name !== 'string' || typeof m.vendor !== 'string' || !priceOk(m.pricingInput) || !priceOk(m.pricingOutput)) {
      throw new CatalogFormatError(`models snapshot: malformed entry ${JSON.stringify(m)}`);
    }
  }
  return s;
}
