import type { ErrorCode } from '@mana/contracts';
import { describe, expect, it } from 'vitest';
import { readFixtureJson, type ErrorFixture } from '../../../test/fake-openrouter';
import { errorFromHttpResponse, errorFromPayload, retryAfterSeconds } from './upstream-errors';

const noHeaders = new Headers();
const envelope = (code: number | string, message: string, metadata?: Record<string, unknown>) => ({
  error: metadata ? { code, message, metadata } : { code, message },
});

describe('errorFromHttpResponse', () => {
  it.each<[ErrorFixture, number, ErrorCode]>([
    ['error-400.json', 400, 'MODEL_UNAVAILABLE'],
    ['error-401.json', 401, 'UPSTREAM_AUTH'],
    ['error-402.json', 402, 'INSUFFICIENT_CREDITS'],
    ['error-403-moderation.json', 403, 'CONTENT_BLOCKED'],
    ['error-429.json', 429, 'RATE_LIMITED'],
    ['error-429-upstream.json', 429, 'RATE_LIMITED'],
    ['error-503.json', 503, 'UPSTREAM_UNAVAILABLE'],
  ])('maps %s (HTTP %i) to %s', (fixture, status, code) => {
    const error = errorFromHttpResponse('OpenRouter', status, readFixtureJson(fixture), noHeaders);
    expect(error.code).toBe(code);
    expect((error.details as { upstreamStatus?: number }).upstreamStatus).toBe(status);
  });

  it.each<[number, string, ErrorCode]>([
    [400, 'messages: must be a non-empty array', 'VALIDATION'],
    [400, "This endpoint's maximum context length is 8192 tokens. However, you requested about 9000 tokens", 'CONTEXT_TOO_LONG'],
    [404, 'No endpoints found that support tool use.', 'MODEL_UNAVAILABLE'],
    [404, 'No allowed providers are available for the selected model.', 'MODEL_UNAVAILABLE'],
    [408, 'Operation timed out. Please try again later.', 'UPSTREAM_TIMEOUT'],
    [413, 'Payload too large', 'PAYLOAD_TOO_LARGE'],
    [422, 'Unprocessable', 'VALIDATION'],
    [500, 'Internal Server Error', 'UPSTREAM_ERROR'],
    [502, 'Provider returned error', 'UPSTREAM_ERROR'],
    [504, 'Gateway timeout', 'UPSTREAM_TIMEOUT'],
    [524, 'A timeout occurred', 'UPSTREAM_TIMEOUT'],
    [529, 'Overloaded', 'UPSTREAM_UNAVAILABLE'],
  ])('maps HTTP %i "%s" to %s', (status, message, code) => {
    expect(errorFromHttpResponse('OpenRouter', status, envelope(status, message), noHeaders).code).toBe(code);
  });

  it('keeps the upstream message, but words the key problem itself', () => {
    const credits = errorFromHttpResponse('OpenRouter', 402, readFixtureJson('error-402.json'), noHeaders);
    expect(credits.message).toMatch(/^This request requires more credits/);
    const auth = errorFromHttpResponse('OpenRouter', 401, readFixtureJson('error-401.json'), noHeaders);
    expect(auth.message).toBe('OpenRouter rejected the API key configured on the server.');
  });

  it('writes its own message when the body is not JSON (a proxy error page)', () => {
    const error = errorFromHttpResponse('OpenRouter', 502, null, noHeaders);
    expect(error.toJSON()).toEqual({ code: 'UPSTREAM_ERROR', message: 'OpenRouter returned an error.', details: { upstreamStatus: 502 } });
  });

  it('reads the retry hint of a 429 from Retry-After', () => {
    const error = errorFromHttpResponse('OpenRouter', 429, readFixtureJson('error-429.json'), new Headers({ 'retry-after': '7' }));
    expect(error.details).toMatchObject({ retryAfterS: 7 });
  });

  it('reads the retry hint of a 429 from X-RateLimit-Reset (epoch ms) when there is no Retry-After', () => {
    const reset = String(Date.now() + 60_000);
    const error = errorFromHttpResponse('OpenRouter', 429, envelope(429, 'Rate limit exceeded'), new Headers({ 'x-ratelimit-reset': reset }));
    const { retryAfterS } = error.details as { retryAfterS: number };
    expect(retryAfterS).toBeGreaterThanOrEqual(59);
    expect(retryAfterS).toBeLessThanOrEqual(60);
  });

  it('falls back to the rate-limit headers copied into metadata.headers', () => {
    const now = 1767916800000 - 90_000;
    expect(retryAfterSeconds(undefined, readFixtureJson<{ error: object }>('error-429.json').error, now)).toBe(90);
  });

  it('reads Retry-After as an HTTP date', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(retryAfterSeconds(new Headers({ 'retry-after': 'Tue, 24 Nov 2026 12:00:30 GMT' }), {}, now)).toBe(30);
  });

  it('adds a retry hint to a 503 that carries Retry-After', () => {
    const error = errorFromHttpResponse('OpenRouter', 503, readFixtureJson('error-503.json'), new Headers({ 'retry-after': '3' }));
    expect(error.details).toMatchObject({ retryAfterS: 3 });
  });
});

describe('errorFromPayload', () => {
  it.each<[number | string, string | undefined, ErrorCode]>([
    [429, undefined, 'RATE_LIMITED'],
    ['429', undefined, 'RATE_LIMITED'],
    [502, 'provider_unavailable', 'UPSTREAM_ERROR'],
    [503, undefined, 'UPSTREAM_UNAVAILABLE'],
    [400, 'context_length_exceeded', 'CONTEXT_TOO_LONG'],
    ['server_error', undefined, 'UPSTREAM_ERROR'],
    ['rate_limit_exceeded', undefined, 'RATE_LIMITED'],
    ['unknown_thing', 'timeout', 'UPSTREAM_TIMEOUT'],
  ])('maps code %j with error_type %j to %s', (code, errorType, expected) => {
    const payload = errorType ? { code, message: 'x', metadata: { error_type: errorType } } : { code, message: 'x' };
    expect(errorFromPayload('OpenRouter', payload).code).toBe(expected);
  });

  it('survives a payload that is not an object', () => {
    expect(errorFromPayload('OpenRouter', 'boom').toJSON()).toEqual({ code: 'UPSTREAM_ERROR', message: 'OpenRouter returned an error.' });
  });
});
