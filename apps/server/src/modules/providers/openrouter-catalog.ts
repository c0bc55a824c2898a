import type { CatalogModel } from './provider';

/** The fields of an OpenRouter `GET /models` entry that the catalog needs. */
interface OpenRouterModelEntry {
  id?: unknown;
  name?: unknown;
  description?: unknown;
  context_length?: unknown;
  top_provider?: { context_length?: unknown } | null;
  pricing?: { prompt?: unknown; completion?: unknown } | null;
}

const VARIABLE_PRICE_NOTE =
  'Variable price: billed at the rate of the model it picks for each reply; the real cost is recorded per reply.';

/**
 * OpenRouter's catalog as ours: per-token USD price strings become USD per 1M tokens.
 *
 * Entries without an id, a context length or numeric prompt/completion prices are skipped: we could
 * not show or bill them. A negative price (`"-1"`, the variable-price `openrouter/auto` router) is
 * kept with price 0 and a note in its description: routing is worth offering, the catalog has no
 * "variable" price, and each reply's real cost still arrives in its usage chunk.
 */
export function catalogFromOpenRouter(body: unknown): CatalogModel[] {
  const entries = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(entries)) return [];
  const catalog: CatalogModel[] = [];
  for (const entry of entries as OpenRouterModelEntry[]) {
    if (entry === null || typeof entry !== 'object' || typeof entry.id !== 'string' || entry.id === '') continue;
    const input = perMillionTokens(entry.pricing?.prompt);
    const output = perMillionTokens(entry.pricing?.completion);
    const contextLength = positiveInteger(entry.context_length) ?? positiveInteger(entry.top_provider?.context_length);
    if (input === null || output === null || contextLength === null) continue;
    const variablePrice = input < 0 || output < 0;
    const description = typeof entry.description === 'string' && entry.description !== '' ? entry.description : null;
    catalog.push({
      id: entry.id,
      name: typeof entry.name === 'string' && entry.name !== '' ? entry.name : entry.id,
      description: variablePrice ? (description ? `${description} ${VARIABLE_PRICE_NOTE}` : VARIABLE_PRICE_NOTE) : description,
      contextLength,
      pricingInput: variablePrice ? 0 : input,
      pricingOutput: variablePrice ? 0 : output,
    });
  }
  return catalog;
}

/**
 * `"0.00000015"` USD per token → 0.15 USD per 1M tokens. Rounded to 1e-6 USD per 1M tokens so
 * float noise (0.15000000000000002) never reaches the database or the price list.
 */
export function perMillionTokens(perToken: unknown): number | null {
  if (typeof perToken !== 'string' && typeof perToken !== 'number') return null;
  if (typeof perToken === 'string' && perToken.trim() === '') return null;
  const value = Number(perToken);
  if (!Number.isFinite(value)) return null;
  return Math.round(value * 1e6 * 1e6) / 1e6;
}

function positiveInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : null;
}
