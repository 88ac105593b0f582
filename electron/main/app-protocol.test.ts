import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appFileFor, appIndexUrl, appResponse } from './app-protocol';
import { contentSecurityPolicy } from './csp';

describe('the app:// scheme', () => {
  let parent: string;
  let root: string;

  beforeAll(() => {
    parent = mkdtempSync(path.join(tmpdir(), 'ppv-app-protocol-'));
    root = path.join(parent, 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>PPV</title>');
    writeFileSync(path.join(root, 'assets', 'index.js'), 'console.log(1)');
    writeFileSync(path.join(parent, 'ppv.db'), 'not for the page');
  });

  it('serves the page with its content security policy', async () => {
    const response = await appResponse(appIndexUrl, root, contentSecurityPolicy);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('<title>PPV</title>');
  });

  it('serves the build’s assets with their types', async () => {
    const response = await appResponse('app://ppv/assets/index.js', root, contentSecurityPolicy);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    'app://ppv/../ppv.db',
    'app://ppv/%2e%2e/ppv.db',
    'app://ppv/assets/..%2f..%2fppv.db',
    'app://ppv/%00index.html',
    'app://other/index.html',
    'file:///etc/passwd',
    'app://ppv/missing.js',
    'app://ppv/assets',
  ])('answers %s with 404 and nothing outside the build', async (url) => {
    const response = await appResponse(url, root, contentSecurityPolicy);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('not for the page');
  });

  it('maps the bare origin to the page', () => {
    expect(appFileFor('app://ppv/', root)).toBe(path.join(root, 'index.html'));
  });
});
