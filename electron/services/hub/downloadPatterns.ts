/** What `include` may be: a preset or glob patterns (fnmatch style, as huggingface_hub's allow_patterns). */
export type IncludeSpec = 'config' | 'all' | string[];

/**
 * "config": what reading and porting a checkpoint needs without its weights: config, generation
 * config, tokenizer files, chat templates, the safetensors index. Remote code (*.py) is left out on
 * purpose: Bringup never runs it, and downloading code should be the user's explicit choice.
 */
export const CONFIG_PATTERNS = ['*.json', '*.txt', '*.model', '*.tiktoken', '*.jinja'];

/** fnmatch-style glob: `*` matches any run of characters (slashes included), `?` one, `[...]` a set. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let set = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (set.startsWith('!')) set = '^' + set.slice(1);
        re += `[${set}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether a repo path is selected; a pattern ending in `/` selects that folder's files. */
export function makeIncludeFilter(include: IncludeSpec = 'all'): (path: string) => boolean {
  if (include === 'all') return () => true;
  const patterns = include === 'config' ? CONFIG_PATTERNS : include;
  const res = patterns.map((p) => globToRegExp(p.endsWith('/') ? `${p}*` : p));
  return (path) => res.some((r) => r.test(path));
}
