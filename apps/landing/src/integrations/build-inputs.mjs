// A fingerprint of everything a build depends on, written beside the output, so the tests
// rebuild only when the site changed since the last `astro build` (however it was started).
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STAMP_FILE = '.build-inputs';
const INPUT_DIRS = ['src', 'public'];
const INPUT_FILES = ['astro.config.mjs', 'package.json', 'tsconfig.json'];
const INPUT_ENV = ['PUBLIC_APP_URL', 'PUBLIC_SITE_URL'];

async function* filesUnder(dir) {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/** @param {string} root the landing app's folder */
export async function hashBuildInputs(root) {
  const hash = createHash('sha256');
  for (const name of INPUT_ENV) hash.update(`env:${name}=${process.env[name] ?? ''}\n`);
  const files = [...INPUT_FILES.map((file) => join(root, file))];
  for (const dir of INPUT_DIRS) for await (const file of filesUnder(join(root, dir))) files.push(file);
  for (const file of files) {
    hash.update(`file:${relative(root, file)}\n`);
    hash.update(await readFile(file));
  }
  return hash.digest('hex');
}

/** @returns {import('astro').AstroIntegration} */
export function buildInputsStamp() {
  let root = '';
  return {
    name: 'mana:build-inputs-stamp',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': async ({ dir }) => {
        await writeFile(join(fileURLToPath(dir), STAMP_FILE), `${await hashBuildInputs(root)}\n`);
      },
    },
  };
}
