/**
 * Nesting depth of JSON, measured without recursion so no input can overflow the stack.
 *
 * transformers reads config.json with Python's `json` module, whose decoder recurses once per nested
 * object or array and stops at the interpreter's recursion limit (`sys.getrecursionlimit()`, 1000 by
 * default) with "RecursionError: maximum recursion depth exceeded while decoding a JSON object".
 * Deeper files cannot be loaded by transformers at all, so Bringup refuses them before parsing.
 */
export const MAX_JSON_DEPTH = 1000;

/** The offset of the first `{` or `[` that opens level `limit + 1`, or -1 when the text stays within `limit`. */
export function offsetBeyondDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return i;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return -1;
}

/** True when a parsed value nests objects or arrays deeper than `limit` (iterative walk, stops early). */
export function isDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > limit) return true;
    for (const child of Object.values(v as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
    }
  }
  return false;
}
