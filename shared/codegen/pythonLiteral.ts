/**
 * Python source text built from untrusted values. Everything produced here is printable ASCII on
 * one line, so config text can neither end a literal or comment early nor start a new line
 * (Python ends lines at \n and \r; editors also break at U+2028/U+2029, and NUL is refused).
 */

/** The body of a double-quoted Python string literal, without the quotes. */
export function escapePythonStringBody(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code < 0x100) out += '\\x' + hex(code, 2);
    else if (code < 0x10000) out += '\\u' + hex(code, 4);
    else out += '\\U' + hex(code, 8);
  }
  return out;
}

/** A Python `str` literal that evaluates to exactly `text`. */
export function pyStr(text: string): string {
  return '"' + escapePythonStringBody(text) + '"';
}

/** Text safe to place after `# ` on one line: the escaped form, so nothing can break out. */
export function pyCommentText(text: string): string {
  return escapePythonStringBody(text);
}

/** A Python int literal; the caller has checked the range. */
export function pyInt(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  return String(value);
}

/** A Python float literal that round-trips (JS shortest repr is valid Python once it has a dot or exponent). */
export function pyFloat(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const text = String(value);
  return /[.e]/.test(text) ? text : text + '.0';
}

export function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}

/** A literal for a scalar or a flat list of scalars (the only shapes generated code embeds). */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return pyBool(value);
  if (typeof value === 'string') return pyStr(value);
  if (typeof value === 'number') return Number.isInteger(value) ? pyInt(value) : pyFloat(value);
  if (Array.isArray(value)) return '[' + value.map((item) => pyLiteral(item)).join(', ') + ']';
  throw new TypeError('only scalars and flat lists are embedded in generated code');
}

/** A short one-line rendering of any config value for a comment (escaped, truncated). */
export function describeValue(value: unknown, maxLength = 60): string {
  let text: string;
  if (typeof value === 'string') return truncate(pyStr(value), maxLength);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) text = String(value);
  else if (Array.isArray(value)) text = `list of ${value.length}`;
  else if (typeof value === 'object') text = 'object';
  else text = typeof value;
  return truncate(pyCommentText(text), maxLength);
}

/** Cuts escaped text without splitting an escape sequence (keeps it ASCII and one line). */
export function truncate(escaped: string, maxLength: number): string {
  if (escaped.length <= maxLength) return escaped;
  return escaped.slice(0, maxLength - 3).replace(/\\[^\\]{0,9}$/, '') + '...';
}

const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');
