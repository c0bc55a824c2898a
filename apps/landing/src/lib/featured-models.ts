import type { CatalogModel } from './model-catalog.mjs';
import { messageCostUsd } from './price-format.mjs';

/** A typical chat turn: the question plus the conversation so far in, a reply out. */
export const TYPICAL_MESSAGE = { promptTokens: 1_000, completionTokens: 500 };

/** Well-known models for the pricing examples, when the catalog has them. */
const FEATURED_IDS = [
  'openai/gpt-4o-mini',
  'google/gemini-2.0-flash-001',
  'deepseek/deepseek-r1',
  'anthropic/claude-sonnet-4',
  'mistralai/mistral-small-3.1-24b-instruct',
];

export type PricedExample = { model: CatalogModel; costUsd: number };

/**
 * Up to `count` paid models with the cost of a typical message, cheapest first: the featured
 * ones when present, then the cheapest others, so a refreshed catalog still yields a sensible table.
 */
export function exampleModels(models: CatalogModel[], count = 5): PricedExample[] {
  const priced = models
    .map((model) => ({ model, costUsd: messageCostUsd(model, TYPICAL_MESSAGE) }))
    .filter((entry): entry is PricedExample => entry.costUsd !== null && entry.costUsd > 0);
  const featured = FEATURED_IDS.flatMap((id) => priced.filter((entry) => entry.model.id === id));
  const others = priced.filter((entry) => !featured.includes(entry)).sort((a, b) => a.costUsd - b.costUsd);
  return [...featured, ...others].slice(0, count).sort((a, b) => a.costUsd - b.costUsd);
}
