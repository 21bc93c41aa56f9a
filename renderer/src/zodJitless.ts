/**
 * The renderer's `zod` (electron.vite.config.ts aliases the bare specifier here): the same module,
 * configured jitless before any importer's code runs, because ES modules run their imports first.
 * The CSP allows no eval, and zod would otherwise probe `new Function("")` as it builds its first
 * z.object (the page reports a CSP violation); jitless also skips the compiled fast path that cannot
 * run here anyway. An import in main.tsx is not enough: a shared chunk that builds schemas (the
 * service contract) is evaluated before the entry's own code.
 */
import { config } from 'zod/v4';

config({ jitless: true });

export * from 'zod/v4';
export { z } from 'zod/v4';
