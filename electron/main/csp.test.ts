import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, devContentSecurityPolicy } from './csp';

describe('content security policy', () => {
  it('is the same in renderer/index.html as in main', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(contentSecurityPolicy);
  });

  it('allows no inline script, eval, plugin, framing or foreign origin in a build', () => {
    expect(contentSecurityPolicy).toContain("script-src 'self';");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(contentSecurityPolicy).toContain("object-src 'none'");
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
  });

  it('relaxes only script-src and connect-src for the dev server', () => {
    expect(devContentSecurityPolicy).not.toBe(contentSecurityPolicy);
    expect(devContentSecurityPolicy).toContain("script-src 'self' 'unsafe-inline'");
    expect(devContentSecurityPolicy).not.toContain('unsafe-eval');
  });
});
