// How the site writes prices and context lengths, in one place so the models page,
// the pricing page and the tests agree.

/** @typedef {"en" | "de"} Locale */

const NUMBER_LOCALE = { en: 'en-US', de: 'de-DE' };

/** Words that stand in for a number. */
export const PRICE_WORDS = {
  en: { free: 'Free', varies: 'Varies' },
  de: { free: 'Gratis', varies: 'Variabel' },
};

/**
 * USD with enough digits to tell cheap models apart: two decimals from one cent up,
 * up to four significant digits below it ($0.0075), never scientific notation.
 * @param {number} usd
 * @param {Locale} locale
 */
export function formatUsd(usd, locale) {
  const digits = usd >= 0.01 || usd === 0 ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : { maximumSignificantDigits: 4 };
  return new Intl.NumberFormat(NUMBER_LOCALE[locale], { style: 'currency', currency: 'USD', ...digits }).format(usd);
}

/**
 * What one message cost: fractions of a cent are the norm, so three significant digits
 * ($0.0105, $0.00045) instead of rounding to cents.
 * @param {number} usd
 * @param {Locale} locale
 */
export function formatMessageCost(usd, locale) {
  if (usd >= 1) return formatUsd(usd, locale);
  return new Intl.NumberFormat(NUMBER_LOCALE[locale], { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 }).format(usd);
}

/**
 * A catalog price (USD per 1M tokens; 0 = free; null = depends on the routed model).
 * @param {number | null} perMillion
 * @param {Locale} locale
 * @returns {{ kind: "free" | "varies" | "paid", text: string }}
 */
export function formatPricePerMillion(perMillion, locale) {
  if (perMillion === null) return { kind: 'varies', text: PRICE_WORDS[locale].varies };
  if (perMillion === 0) return { kind: 'free', text: PRICE_WORDS[locale].free };
  return { kind: 'paid', text: formatUsd(perMillion, locale) };
}

/**
 * @param {number | null} tokens
 * @param {Locale} locale
 */
export function formatContextLength(tokens, locale) {
  return tokens === null ? '—' : new Intl.NumberFormat(NUMBER_LOCALE[locale]).format(tokens);
}

/**
 * What one message costs: prompt and completion tokens at the model's per-1M prices.
 * @param {{ pricingInput: number | null, pricingOutput: number | null }} model
 * @param {{ promptTokens: number, completionTokens: number }} usage
 * @returns {number | null} null when the model's price varies
 */
export function messageCostUsd(model, { promptTokens, completionTokens }) {
  if (model.pricingInput === null || model.pricingOutput === null) return null;
  return (promptTokens * model.pricingInput + completionTokens * model.pricingOutput) / 1_000_000;
}

/**
 * @param {string} isoDate
 * @param {Locale} locale
 */
export function formatDate(isoDate, locale) {
  return new Intl.DateTimeFormat(NUMBER_LOCALE[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(isoDate));
}
