import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './web-app';

describe('the web app Content-Security-Policy', () => {
  const html = '<html><head><script type="module" src="/_app/start.js"></script><script>boot()</script></head></html>';

  it('allows only same-origin scripts and the exact inline bootstrap', () => {
    const csp = contentSecurityPolicy(html);
    const hash = createHash('sha256').update('boot()').digest('base64');
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
