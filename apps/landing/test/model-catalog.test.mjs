// The catalog snapshot: normalizing OpenRouter's and our API's model lists, and the refresh script.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertSnapshot,
  buildSnapshot,
  CatalogFormatError,
  normalizeManaApiModels,
  normalizeOpenRouterModels,
} from '../src/lib/model-catalog.mjs';

const openRouterFixture = JSON.parse(readFileSync(new URL('./fixtures/openrouter-models.json', import.meta.url), 'utf8'));
const script = fileURLToPath(new URL('../scripts/snapshot-models.mjs', import.meta.url));
const byId = (models) => Object.fromEntries(models.map((model) => [model.id, model]));

describe('normalizing OpenRouter /models', () => {
  const models = byId(normalizeOpenRouterModels(openRouterFixture));

  it('converts USD-per-token strings to USD per 1M tokens', () => {
    expect(models['openai/gpt-4o-mini']).toMatchObject({ pricingInput: 0.15, pricingOutput: 0.6 });
    expect(models['anthropic/claude-sonnet-4']).toMatchObject({ pricingInput: 3, pricingOutput: 15 });
    expect(models['google/gemini-2.0-flash-001']).toMatchObject({ pricingInput: 0.1, pricingOutput: 0.4 });
    expect(models['mistralai/mistral-small-3.1-24b-instruct']).toMatchObject({ pricingInput: 0.05, pricingOutput: 0.1 });
  });

  it('keeps free models at 0 and marks "-1" prices as varying (null), not as negative money', () => {
    expect(models['meta-llama/llama-3.3-70b-instruct:free']).toMatchObject({ pricingInput: 0, pricingOutput: 0 });
    expect(models['openrouter/auto']).toMatchObject({ pricingInput: null, pricingOutput: null });
  });

  it('splits the vendor off the display name and keeps the context length', () => {
    expect(models['openai/gpt-4o-mini']).toEqual({
      id: 'openai/gpt-4o-mini',
      vendor: 'OpenAI',
      name: 'GPT-4o-mini',
      contextLength: 128000,
      pricingInput: 0.15,
      pricingOutput: 0.6,
    });
    expect(models['openrouter/auto']).toMatchObject({ vendor: 'openrouter', name: 'Auto Router', contextLength: 2000000 });
  });

  it('lists every model once, sorted by id, so refreshed snapshots diff cleanly', () => {
    const ids = normalizeOpenRouterModels(openRouterFixture).map((model) => model.id);
    expect(ids).toHaveLength(openRouterFixture.data.length);
    expect(ids).toEqual([...ids].sort());
  });

  it('rejects bodies and prices it cannot read instead of guessing', () => {
    expect(() => normalizeOpenRouterModels({ items: [] })).toThrow(CatalogFormatError);
    expect(() => normalizeOpenRouterModels({ data: [{ id: 'x/y', pricing: { prompt: 'abc', completion: '0' } }] })).toThrow(/x\/y pricing.prompt/);
    expect(() => normalizeOpenRouterModels({ data: [{ id: 'x/y', pricing: { prompt: '', completion: '0' } }] })).toThrow(CatalogFormatError);
    expect(() => normalizeOpenRouterModels({ data: [{ id: 'x/y' }] })).toThrow(/has no pricing/);
  });
});

describe('normalizing our API /api/v1/chat/models', () => {
  const body = {
    items: [
      { id: 'openai/gpt-4o-mini', name: 'OpenAI: GPT-4o-mini', provider: 'openrouter', description: 'd', contextLength: 128000, pricingInput: 0.15, pricingOutput: 0.6 },
      { id: 'builtin/echo', name: 'Offline echo', provider: 'builtin', description: 'd', contextLength: 8192, pricingInput: 0, pricingOutput: 0 },
      { id: 'openrouter/auto', name: 'Auto Router', provider: 'openrouter', description: 'd', contextLength: 2000000, pricingInput: -1, pricingOutput: null },
      { id: 'local/llama3', name: 'llama3', provider: 'openai-compatible', description: null, contextLength: null, pricingInput: '0', pricingOutput: '0' },
    ],
  };

  it('keeps prices that are already per 1M tokens, and reads negative or missing prices as varying', () => {
    const models = byId(normalizeManaApiModels(body));
    expect(models['openai/gpt-4o-mini']).toEqual({ id: 'openai/gpt-4o-mini', vendor: 'OpenAI', name: 'GPT-4o-mini', contextLength: 128000, pricingInput: 0.15, pricingOutput: 0.6 });
    expect(models['builtin/echo']).toMatchObject({ vendor: 'builtin', name: 'Offline echo', pricingInput: 0, pricingOutput: 0 });
    expect(models['openrouter/auto']).toMatchObject({ pricingInput: null, pricingOutput: null });
    expect(models['local/llama3']).toMatchObject({ contextLength: null, pricingInput: 0, pricingOutput: 0 });
  });

  it('rejects a body without items', () => {
    expect(() => normalizeManaApiModels({ data: [] })).toThrow(/"items" array/);
  });
});

describe('the snapshot file', () => {
  it('refuses to build an empty catalog', () => {
    expect(() => buildSnapshot({ source: 'openrouter', sourceUrl: 'u', body: { data: [] } })).toThrow(/no models/);
  });

  it('the committed snapshot has the normalized shape', () => {
    const committed = JSON.parse(readFileSync(new URL('../src/data/models-snapshot.json', import.meta.url), 'utf8'));
    expect(() => assertSnapshot(committed)).not.toThrow();
    expect(committed.models.length).toBeGreaterThan(0);
  });

  it('a hand edit with a negative or text price is caught', () => {
    const model = { id: 'a/b', name: 'B', vendor: 'A', contextLength: 1, pricingInput: 1, pricingOutput: 1 };
    expect(() => assertSnapshot({ version: 1, fetchedAt: 'x', models: [{ ...model, pricingInput: -1 }] })).toThrow(CatalogFormatError);
    expect(() => assertSnapshot({ version: 1, fetchedAt: 'x', models: [{ ...model, pricingOutput: '1' }] })).toThrow(CatalogFormatError);
  });
});

describe('scripts/snapshot-models.mjs', () => {
  let server;
  let base;
  let dir;
  const requests = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mana-snapshot-'));
    // A fake of both upstreams over real HTTP: OpenRouter's /models and our API's /chat/models.
    server = createServer((request, response) => {
      requests.push(request.url);
      const json = (status, body) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (request.url === '/openrouter/api/v1/models') return json(200, openRouterFixture);
      if (request.url === '/mana/api/v1/chat/models') {
        return json(200, { items: [{ id: 'openai/gpt-4o-mini', name: 'OpenAI: GPT-4o-mini', provider: 'openrouter', contextLength: 128000, pricingInput: 0.15, pricingOutput: 0.6 }] });
      }
      if (request.url === '/broken/models') return json(503, { error: { code: 'UPSTREAM_UNAVAILABLE' } });
      return json(404, { error: { code: 'NOT_FOUND' } });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const run = (args, env = {}) =>
    new Promise((resolve) => {
      execFile(process.execPath, [script, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
        resolve({ code: error ? error.code : 0, stdout, stderr });
      });
    });

  it('writes a normalized snapshot from OpenRouter (OPENROUTER_BASE_URL)', async () => {
    const out = join(dir, 'openrouter.json');
    const result = await run(['--out', out], { OPENROUTER_BASE_URL: `${base}/openrouter/api/v1/` });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const snapshot = JSON.parse(await readFile(out, 'utf8'));
    expect(snapshot).toMatchObject({ version: 1, source: 'openrouter', sourceUrl: `${base}/openrouter/api/v1/models` });
    expect(snapshot.models).toEqual(normalizeOpenRouterModels(openRouterFixture));
    expect(result.stdout).toContain(`wrote ${openRouterFixture.data.length} models`);
  });

  it('writes a normalized snapshot from our API with --from-api', async () => {
    const out = join(dir, 'api.json');
    const result = await run(['--from-api', `${base}/mana`, '--out', out]);
    expect(result.code).toBe(0);
    const snapshot = JSON.parse(await readFile(out, 'utf8'));
    expect(snapshot).toMatchObject({ source: 'mana-api', sourceUrl: `${base}/mana/api/v1/chat/models` });
    expect(snapshot.models).toEqual([{ id: 'openai/gpt-4o-mini', vendor: 'OpenAI', name: 'GPT-4o-mini', contextLength: 128000, pricingInput: 0.15, pricingOutput: 0.6 }]);
  });

  it('fails with a clear message and writes nothing when the source cannot be reached', async () => {
    const out = join(dir, 'unreachable.json');
    // Port 9 (discard) is closed on loopback: the connection is refused at once.
    const result = await run(['--out', out], { OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not reach http:\/\/127\.0\.0\.1:9\/api\/v1\/models .*The snapshot was not changed/);
    await expect(stat(out)).rejects.toThrow();
  });

  it('fails with the HTTP status when the source answers an error', async () => {
    const out = join(dir, 'error.json');
    const result = await run(['--out', out], { OPENROUTER_BASE_URL: `${base}/broken` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('answered HTTP 503');
    await expect(stat(out)).rejects.toThrow();
  });
});
