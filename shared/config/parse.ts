import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';

export type ParseConfigResult =
  | { ok: true; value: unknown }
  | { ok: false; message: string; line: number; column: number; offset: number };

/**
 * Strict JSON for config.json (a leading BOM and CRLF line ends are fine): one error with its
 * 1-based line and column, e.g. `config.json:12:5: expected ',' or '}'`. Comments and trailing
 * commas are errors, as they are for Python's json module that transformers uses.
 */
export function parseConfigText(text: string, fileLabel: string): ParseConfigResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const bomShift = body.length === text.length ? 0 : 1;
  // jsonc-parser recurses once per level: refuse what Python's json (transformers' reader) cannot load either, before it overflows.
  const deep = tooDeepAt(body);
  if (deep !== null) {
    const { line, column } = lineColumn(body, deep);
    return { ok: false, message: `${fileLabel}:${line}:${column}: nested more than ${MAX_DEPTH} levels deep (Python's json module, which transformers uses, stops at its recursion limit of ${MAX_DEPTH})`, line, column, offset: deep + bomShift };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0] ?? (tree ? null : { error: 4 /* ValueExpected */, offset: 0, length: 0 });
  if (first) {
    const offset = first.offset + bomShift;
    const { line, column } = lineColumn(body, first.offset);
    const message = `${fileLabel}:${line}:${column}: ${describe(first.error, body, first.offset)}`;
    return { ok: false, message, line, column, offset };
  }
  try {
    // jsonc-parser accepted it as strict JSON; JSON.parse builds the value (and agrees on what is valid).
    return { ok: true, value: JSON.parse(body) };
  } catch (err) {
    const { line, column } = lineColumn(text, 0);
    return { ok: false, message: `${fileLabel}:${line}:${column}: ${(err as Error).message}`, line, column, offset: 0 };
  }
}

const MAX_DEPTH = 1000;

/** The offset of the first bracket that opens level MAX_DEPTH + 1, or null (one pass, strings skipped). */
function tooDeepAt(text: string): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return null;
}

const READABLE: Record<string, string> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected ',' or '}'",
  CloseBracketExpected: "expected ',' or ']'",
  EndOfFileExpected: 'expected the end of the file (more than one JSON value?)',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

function describe(code: number, text: string, offset: number): string {
  const name = printParseErrorCode(code as Parameters<typeof printParseErrorCode>[0]);
  if (offset >= text.length && name !== 'EndOfFileExpected') return `unexpected end of file (${READABLE[name] ?? name})`;
  return READABLE[name] ?? name;
}

/** 1-based line and column of a UTF-16 offset; CRLF counts as one line break. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
