import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../services/static/staticFiles';

/**
 * One policy, delivered twice: as the header of app:// and of browser mode (CONTENT_SECURITY_POLICY)
 * and as a <meta> in renderer/index.html, which Electronegativity can read and which still holds if
 * the page is ever loaded without the header. A meta cannot carry frame-ancestors (browsers ignore it
 * there and log an error), so that directive is the header's alone.
 */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

const directives = (policy: string) =>
  new Map(policy.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name.toLowerCase(), values.join(' ')] as const;
  }));

function metaPolicies(html: string): string[] {
  return [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)].map((m) => m[1]);
}

describe('Content-Security-Policy', () => {
  const html = readFileSync(join(__dirname, '..', '..', '..', 'renderer', 'index.html'), 'utf8');

  it('renderer/index.html carries the header policy as one meta tag, less the header-only directives', () => {
    const metas = metaPolicies(html);
    expect(metas).toHaveLength(1);
    const header = directives(CONTENT_SECURITY_POLICY);
    const expected = new Map([...header].filter(([name]) => !HEADER_ONLY.has(name)));
    expect(directives(metas[0])).toEqual(expected);
  });

  it('the meta comes before any script or stylesheet, so it governs them all', () => {
    const meta = html.search(/<meta\s+http-equiv="Content-Security-Policy"/i);
    const firstResource = html.search(/<script|<link\s+rel="stylesheet"|<style/i);
    expect(meta).toBeGreaterThan(0);
    expect(firstResource === -1 || meta < firstResource).toBe(true);
  });

  it('is strict where it matters: no inline or eval script, no plugins, no base rewrite, no framing', () => {
    const header = directives(CONTENT_SECURITY_POLICY);
    expect(header.get('default-src')).toBe("'self'");
    expect(header.get('script-src')).toBe("'self'");
    expect(header.get('object-src')).toBe("'none'");
    expect(header.get('base-uri')).toBe("'none'");
    expect(header.get('frame-ancestors')).toBe("'none'");
    for (const [name, value] of header) {
      expect(value, name).not.toMatch(/'unsafe-eval'|https?:|\*/);
      // Monaco injects inline styles (microsoft/monaco-editor#271): the only 'unsafe-inline' allowed.
      if (name !== 'style-src') expect(value, name).not.toContain("'unsafe-inline'");
    }
  });
});
