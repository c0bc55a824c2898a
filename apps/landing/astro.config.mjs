import sitemap from '@astrojs/sitemap';
import { defineConfig, envField } from 'astro/config';
import { buildInputsStamp } from './src/integrations/build-inputs.mjs';
import { fillInReminder } from './src/integrations/fill-in-reminder.mjs';

const DEFAULT_SITE_URL = 'http://127.0.0.1:4321';

/** The public address of this site: canonical links, OpenGraph URLs and the sitemap need it absolute. */
function siteUrl() {
  const raw = process.env.PUBLIC_SITE_URL || DEFAULT_SITE_URL;
  try {
    return new URL(raw).origin;
  } catch {
    throw new Error(`PUBLIC_SITE_URL must be an absolute URL such as https://mana.example, got "${raw}"`);
  }
}

export default defineConfig({
  site: siteUrl(),
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory' },
  i18n: {
    locales: ['en', 'de'],
    defaultLocale: 'en',
    routing: { prefixDefaultLocale: false },
  },
  env: {
    schema: {
      // Where "Open the app" and "Sign up" lead. Read at build time; a bad value stops the build.
      PUBLIC_APP_URL: envField.string({ context: 'client', access: 'public', url: true, default: 'http://127.0.0.1:3002' }),
    },
  },
  integrations: [
    sitemap({
      filter: (page) => !new URL(page).pathname.startsWith('/404'),
      i18n: { defaultLocale: 'en', locales: { en: 'en', de: 'de' } },
    }),
    fillInReminder(),
    buildInputsStamp(),
  ],
  devToolbar: { enabled: false },
  prefetch: false,
});
