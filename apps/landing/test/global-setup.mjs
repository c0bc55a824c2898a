// Builds the site before the tests, unless dist/ already holds a build of exactly these inputs.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { hashBuildInputs, STAMP_FILE } from '../src/integrations/build-inputs.mjs';
import { distDir, landingRoot } from './support/site.mjs';

async function builtInputs() {
  try {
    return (await readFile(join(distDir, STAMP_FILE), 'utf8')).trim();
  } catch {
    return null;
  }
}

function runAstroBuild() {
  const astroCli = join(dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'astro.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [astroCli, 'build'], { cwd: landingRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`astro build failed (exit ${code}):\n${output}`))));
  });
}

export default async function setup() {
  const wanted = await hashBuildInputs(landingRoot);
  if (!process.env.LANDING_FORCE_BUILD && (await builtInputs()) === wanted) {
    console.log('landing: dist/ is a build of the current sources; not rebuilding');
    return;
  }
  console.log('landing: building the site (astro build)…');
  const started = Date.now();
  await runAstroBuild();
  if ((await builtInputs()) !== wanted) throw new Error('astro build finished but did not stamp dist/ with the current inputs');
  console.log(`landing: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
