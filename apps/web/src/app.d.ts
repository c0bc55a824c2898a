// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  /** The API origin baked in at build time from PUBLIC_BACKEND_URL; empty means same origin. */
  const __BACKEND_URL__: string;
  namespace App {}
}

export {};
