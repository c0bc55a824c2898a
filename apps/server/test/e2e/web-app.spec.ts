import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

// The API serves the built web app: hashed assets cached for a year and sent precompressed,
// everything else revalidated, the page itself with its Content-Security-Policy.
describe('the web app as the API serves it', () => {
  let t: TestApp;
  let dist: string;
  const script = 'console.log("mana");'.repeat(200);

  beforeAll(async () => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'mana-web-'));
    mkdirSync(path.join(dist, '_app', 'immutable'), { recursive: true });
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><head><script>window.boot=1</script></head><body></body></html>');
    writeFileSync(path.join(dist, '_app', 'immutable', 'app.abc123.js'), script);
    writeFileSync(path.join(dist, '_app', 'immutable', 'app.abc123.js.br'), brotliCompressSync(script));
    writeFileSync(path.join(dist, '_app', 'immutable', 'app.abc123.js.gz'), gzipSync(script));
    writeFileSync(path.join(dist, 'robots.txt'), 'User-agent: *\n');
    t = await startTestApp({ WEB_DIST_DIR: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (p: string, headers: Record<string, string> = {}) => fetch(`${t.baseUrl}${p}`, { headers });

  it('caches hashed assets for a year and sends the precompressed copy the browser accepts', async () => {
    const br = await get('/_app/immutable/app.abc123.js', { 'accept-encoding': 'br' });
    expect(br.status).toBe(200);
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(await br.text()).toBe(script); // fetch decodes it

    const gz = await get('/_app/immutable/app.abc123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(await gz.text()).toBe(script);

    const plain = await get('/_app/immutable/app.abc123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(script);
  });

  it('revalidates everything else, and sends the page with its Content-Security-Policy', async () => {
    const robots = await get('/robots.txt');
    expect(robots.headers.get('cache-control')).toBe('no-cache');
    for (const page of ['/', '/c/some-conversation']) {
      const res = await get(page);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/);
      expect(await res.text()).toContain('window.boot=1');
    }
    expect((await get('/_app/immutable/missing.js')).status).toBe(404);
  });
});
