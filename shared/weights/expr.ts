/**
 * A tiny arithmetic language for the knowledge base's shape templates and checks
 * (`resources/kb/weights/families.json`): numbers, identifiers, `+ - * / %`, comparisons,
 * `&& || !`, `??` (first non-null) and parentheses. Data, not code: no calls, no member access.
 * An identifier with no value is `null`; arithmetic on `null` gives `null` (the shape is unknown).
 */
export type ExprValue = number | boolean | null;
export type ExprScope = (name: string) => ExprValue | undefined;

type Node =
  | { k: 'num'; v: number }
  | { k: 'id'; name: string }
  | { k: 'un'; op: string; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node };

const cache = new Map<string, Node>();

export function evalExpr(source: string, scope: ExprScope): ExprValue {
  let node = cache.get(source);
  if (!node) {
    node = parseExpr(source);
    cache.set(source, node);
  }
  return evalNode(node, scope);
}

/** Identifiers an expression reads (to name the config fields a shape depends on). */
export function exprIdentifiers(source: string): string[] {
  const out = new Set<string>();
  const walk = (n: Node): void => {
    if (n.k === 'id') out.add(n.name);
    else if (n.k === 'un') walk(n.a);
    else if (n.k === 'bin') { walk(n.a); walk(n.b); }
  };
  walk(parseExpr(source));
  return [...out];
}

const TOKEN = /\s*(\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|\?\?|&&|\|\||[<>=!]=|[-+*/%()<>!])/y;
const PRECEDENCE: Record<string, number> = {
  '??': 1, '||': 2, '&&': 3, '==': 4, '!=': 4, '<': 5, '<=': 5, '>': 5, '>=': 5, '+': 6, '-': 6, '*': 7, '/': 7, '%': 7,
};

export function parseExpr(source: string): Node {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) {
      if (/^\s*$/.test(source.slice(at))) break;
      throw new Error(`expression "${source}": unexpected text at ${at}`);
    }
    tokens.push(m[1]);
  }
  let pos = 0;
  const primary = (): Node => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error(`expression "${source}": ends too early`);
    if (t === '(') {
      const inner = binary(0);
      if (tokens[pos++] !== ')') throw new Error(`expression "${source}": missing )`);
      return inner;
    }
    if (t === '-' || t === '!') return { k: 'un', op: t, a: primary() };
    if (/^\d/.test(t)) return { k: 'num', v: Number(t) };
    if (/^[A-Za-z_]/.test(t)) return { k: 'id', name: t };
    throw new Error(`expression "${source}": unexpected ${t}`);
  };
  const binary = (minPrec: number): Node => {
    let left = primary();
    for (;;) {
      const op = tokens[pos];
      const prec = op === undefined ? undefined : PRECEDENCE[op];
      if (prec === undefined || prec < minPrec) break;
      pos++;
      left = { k: 'bin', op, a: left, b: binary(prec + 1) };
    }
    return left;
  };
  const node = binary(0);
  if (pos !== tokens.length) throw new Error(`expression "${source}": unexpected ${tokens[pos]}`);
  return node;
}

function evalNode(n: Node, scope: ExprScope): ExprValue {
  switch (n.k) {
    case 'num':
      return n.v;
    case 'id': {
      const v = scope(n.name);
      return v === undefined ? null : v;
    }
    case 'un': {
      const a = evalNode(n.a, scope);
      if (n.op === '!') return !a;
      return typeof a === 'number' ? -a : null;
    }
    case 'bin': {
      if (n.op === '??') {
        const a = evalNode(n.a, scope);
        return a === null ? evalNode(n.b, scope) : a;
      }
      if (n.op === '&&') return truthy(evalNode(n.a, scope)) && truthy(evalNode(n.b, scope));
      if (n.op === '||') return truthy(evalNode(n.a, scope)) || truthy(evalNode(n.b, scope));
      const a = evalNode(n.a, scope);
      const b = evalNode(n.b, scope);
      if (n.op === '==') return a === b;
      if (n.op === '!=') return a !== b;
      if (typeof a !== 'number' || typeof b !== 'number') {
        // Booleans take part in arithmetic as 0/1 (e.g. `tie_word_embeddings == 0`); null stays unknown.
        if (a === null || b === null) return n.op === '<' || n.op === '>' || n.op === '<=' || n.op === '>=' ? false : null;
        return evalNode({ k: 'bin', op: n.op, a: { k: 'num', v: Number(a) }, b: { k: 'num', v: Number(b) } }, scope);
      }
      switch (n.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return b === 0 ? null : a / b;
        case '%': return b === 0 ? null : a % b;
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
      }
      return null;
    }
  }
}

export function truthy(v: ExprValue): boolean {
  return v !== null && v !== false && v !== 0;
}
