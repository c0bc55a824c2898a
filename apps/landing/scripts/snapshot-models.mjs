#!/usr/bin/env node
// Refreshes src/data/models-snapshot.json, the catalog the models page is built from.
//
//   npm run snapshot:models -w apps/landing                         # from OpenRouter
//   npm run snapshot:models -w apps/landing -- --from-api http://127.0.0.1:3002   # from our API
//   ... -- --out /tmp/models.json                                   # write elsewhere
//
// OPENROUTER_BASE_URL overrides https://openrouter.ai/api/v1 (e.g. a mirror or a fake in tests).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSnapshot } from '../src/lib/model-catalog.mjs';

const DEFAULT_OUT = fileURLToPath(new URL('../src/data/models-snapshot.json', import.meta.url));
const DEFAULT_OPENROUTER = 'https://openrouter.ai/api/v1';
const TIMEOUT_MS = 20_000;

function fail(message) {
  process.stderr.write(`snapshot:models: ${message}\n`);
  process.exit(1);
}

function sourceFromArgs(values) {
  if (values['from-api']) {
    const base = values['from-api'].replace(/\/+$/, '');
    return { source: /** @type {const} */ ('mana-api'), url: `${base}/api/v1/chat/models` };
  }
  const base = (process.env.OPENROUTER_BASE_URL || DEFAULT_OPENROUTER).replace(/\/+$/, '');
  return { source: /** @type {const} */ ('openrouter'), url: `${base}/models` };
}

async function fetchJson(url) {
  let response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(error);
    fail(`could not reach ${url} (${cause}). The snapshot was not changed. Check the network or the URL.`);
  }
  if (!response.ok) {
    fail(`${url} answered HTTP ${response.status} ${response.statusText}. The snapshot was not changed.`);
  }
  try {
    return await response.json();
  } catch {
    fail(`${url} did not answer JSON. The snapshot was not changed.`);
  }
}

async function main() {
  const { values } = parseArgs({
    options: { 'from-api': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write('Usage: snapshot-models.mjs [--from-api http://host:3002] [--out file.json]\n');
    return;
  }
  const { source, url } = sourceFromArgs(values);
  const body = await fetchJson(url);

  let snapshot;
  try {
    snapshot = buildSnapshot({ source, sourceUrl: url, body });
  } catch (error) {
    fail(`${error.message}. The snapshot was not changed.`);
  }

  // Write beside the target, then rename: a crash never leaves half a catalog behind.
  const out = resolve(values.out ?? DEFAULT_OUT);
  await mkdir(dirname(out), { recursive: true });
  const temporary = `${out}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(snapshot, null, 2)}\n`);
  await rename(temporary, out);
  process.stdout.write(`snapshot:models: wrote ${snapshot.models.length} models from ${url} to ${out}\n`);
}

await main();
