import { PUBLIC_APP_URL } from 'astro:env/client';

/** The web app this site sells, e.g. https://chat.example.com (PUBLIC_APP_URL at build time). */
export const appUrl = PUBLIC_APP_URL.replace(/\/+$/, '');
export const appLinks = {
  open: `${appUrl}/`,
  signUp: `${appUrl}/register`,
  apiBase: `${appUrl}/api/v1`,
};
