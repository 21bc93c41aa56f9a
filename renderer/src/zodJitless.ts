import { config } from 'zod';

// Imported first by main.tsx, before any schema exists. The CSP allows no eval, and zod would
// otherwise probe `new Function("")` as it builds its first z.object (the page reports a CSP
// violation); jitless also skips the compiled fast path that cannot run here anyway.
config({ jitless: true });
