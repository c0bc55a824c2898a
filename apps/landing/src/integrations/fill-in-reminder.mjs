// The legal pages ship with fields only the operator can fill in (name, address, …),
// marked <mark class="fill-in">. The build says how many are left so nobody publishes them by accident.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MARKER = 'class="fill-in"';

async function* htmlFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

/** @returns {import('astro').AstroIntegration} */
export function fillInReminder() {
  return {
    name: 'mana:fill-in-reminder',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const pending = [];
        for await (const file of htmlFiles(root)) {
          const count = (await readFile(file, 'utf8')).split(MARKER).length - 1;
          if (count > 0) pending.push(`${file.slice(root.length)} (${count})`);
        }
        if (pending.length > 0) {
          logger.warn(`operator fields still to fill in before publishing: ${pending.join(', ')}`);
        }
      },
    },
  };
}
