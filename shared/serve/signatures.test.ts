import { describe, expect, it } from 'vitest';
import serveStrings from '../../resources/kb/max/serve-strings.json';
import { SIGNATURES } from './signatures';

// resources/kb/max/serve-strings.json holds the serve path's messages as MAX's source writes them
// (scripts/kb/extract-max-src.mjs, Python's ast; f-string parts as {name}). Each failure signature
// that cites one of those lines must match what that line prints, so a signature typed by hand
// cannot drift from MAX's text.

interface SourceString { text: string; path: string; line: number }
const strings: SourceString[] = Object.values(serveStrings.categories as Record<string, SourceString[]>).flat();

/**
 * The literal runs of a signature's regular expression, in order: everything between groups,
 * classes, escapes like \d and quantified characters. `(?:...)?` optional parts are left out.
 * Top-level alternatives give one list each.
 */
function literalRuns(source: string): string[][] {
  const alternatives: string[][] = [[]];
  let run = '';
  const cut = () => {
    if (run.trim().length >= 3) alternatives[alternatives.length - 1].push(run);
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[++i];
      if (/[dDwWsSbB]/.test(next)) cut();
      else run += next;
    } else if (c === '(' || c === '[') {
      cut();
      const close = c === '(' ? ')' : ']';
      for (let depth = 1; depth > 0 && i < source.length - 1; ) {
        const d = source[++i];
        if (d === '\\') i++;
        else if (d === c) depth++;
        else if (d === close) depth--;
      }
    } else if (c === '|') {
      cut();
      alternatives.push([]);
    } else if ('.^$'.includes(c)) cut();
    else if ('*+?{'.includes(c)) {
      // A quantifier makes the character before it optional or repeated: it is not literal text.
      run = run.slice(0, -1);
      cut();
      if (c === '{') while (i < source.length && source[i] !== '}') i++;
    } else run += c;
  }
  cut();
  return alternatives;
}

/** The source line's literal pieces, between its {placeholders}. */
const pieces = (text: string) => text.split(/\{[^{}]*\}/);

/** Whether each run appears, in order, inside the message's literal text. */
function runsAppearIn(runs: string[], text: string): boolean {
  const literal = pieces(text);
  let piece = 0;
  let at = 0;
  for (const run of runs) {
    for (;;) {
      if (piece >= literal.length) return false;
      const found = literal[piece].indexOf(run, at);
      if (found >= 0) {
        at = found + run.length;
        break;
      }
      piece++;
      at = 0;
    }
  }
  return true;
}

describe('serve failure signatures against MAX\'s source strings', () => {
  const cited = SIGNATURES.flatMap((signature) => {
    const { path, line } = signature.source;
    if (line === null) return [];
    // The extractor records the line of the string argument; a signature may cite the call's line.
    const near = strings.filter((s) => s.path === path && Math.abs(s.line - line) <= 2);
    return near.length ? [{ signature, near }] : [];
  });

  it('cover most signatures (the check is not empty)', () => {
    expect(cited.length).toBeGreaterThanOrEqual(18);
  });

  it.each(cited.map((c) => [`${c.signature.code} (${c.signature.source.path}:${c.signature.source.line})`, c] as const))('%s', (_name, { signature, near }) => {
    const alternatives = literalRuns(signature.pattern.source);
    const matches = near.some((s) => s.text.split('\n').some((text) => alternatives.some((runs) => runs.length > 0 && runsAppearIn(runs, text))));
    expect(matches, `${signature.pattern} vs ${JSON.stringify(near.map((s) => s.text))}`).toBe(true);
  });

  it('the literal runs of a pattern', () => {
    expect(literalRuns(String.raw`Model size exceeds available memory \((?<needed>[\d.]+ [KMGT]iB) > (?<free>[\d.]+ [KMGT]iB)\)`)).toEqual([['Model size exceeds available memory (']]);
    expect(literalRuns(String.raw`Unable to infer max_length(?: for (?<config>\w+))?, the provided`)).toEqual([['Unable to infer max_length', ', the provided']]);
    expect(literalRuns('port (?<port>\\d+) is already in use|address already in use')).toEqual([['port ', ' is already in use'], ['address already in use']]);
    expect(runsAppearIn(['The network port ', ' is already in use'], 'The network port {port} is already in use')).toBe(true);
    expect(runsAppearIn(['is already in use', 'The network port'], 'The network port {port} is already in use')).toBe(false);
  });
});
