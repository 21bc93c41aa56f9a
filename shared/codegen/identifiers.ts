import { badInput } from '../errors';

/** Python 3.11 keywords and soft keywords: never usable as generated names. */
const PYTHON_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case', 'type', '_',
]);

/** Top-level package names a generated package must not shadow (it is put on sys.path by MAX). */
const RESERVED_PACKAGES = new Set(['max', 'transformers', 'torch', 'numpy', 'huggingface_hub', 'safetensors', 'typing', 'dataclasses']);

/**
 * ASCII identifiers only: Python accepts more, but NFKC-normalises them, so two different
 * config strings could name the same attribute.
 */
export function isPythonIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PYTHON_KEYWORDS.has(name) && !/^__.*__$/.test(name) && name.length <= 100;
}

/** A class name taken from config text (architectures[0] or --name): refused unless it is one. */
export function requireClassName(name: unknown, where: string): string {
  if (typeof name !== 'string' || !isPythonIdentifier(name) || !/^[A-Za-z]/.test(name)) {
    const shown = JSON.stringify(name)?.slice(0, 80) ?? String(name); // one line, whatever the JSON value
    throw badInput(`${where}: ${shown} is not a valid Python class name (letters, digits and _ only)`);
  }
  return name;
}

/** snake_case of a CamelCase class name: LlamaForCausalLM -> llama_for_causal_lm. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
}

/** The package folder name for an architecture name: a valid identifier that shadows nothing. */
export function packageNameFor(archName: string): string {
  let name = toSnakeCase(archName);
  if (!/^[a-z]/.test(name)) name = 'port_' + name;
  if (RESERVED_PACKAGES.has(name) || !isPythonIdentifier(name)) name = name + '_port';
  if (!isPythonIdentifier(name)) throw badInput(`architectures[0]: cannot derive a package name from ${JSON.stringify(archName)}`);
  return name;
}
