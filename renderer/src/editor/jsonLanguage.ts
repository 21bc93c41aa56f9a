/**
 * config.json's language in Monaco without Monaco's JSON language service: that service's worker
 * manager imports every editor contribution (monaco-editor/internal/common/workers), which would undo
 * the editor's lean feature set and, loaded after the first editor, register services the running
 * editors do not know ("depends on UNKNOWN service"). Bringup parses config.json itself (jsonc-parser,
 * shared/config/parse) and sets its own markers, so Monaco only needs to colour and bracket it.
 * The token names are the ones Monaco's built-in themes colour for JSON.
 */
import type * as Monaco from 'monaco-editor/editor';

export function registerJsonLanguage(monaco: typeof Monaco): void {
  monaco.languages.register({ id: 'json', extensions: ['.json'], aliases: ['JSON', 'json'], mimetypes: ['application/json'] });
  monaco.languages.setLanguageConfiguration('json', {
    brackets: [['{', '}'], ['[', ']']],
    autoClosingPairs: [{ open: '{', close: '}' }, { open: '[', close: ']' }, { open: '"', close: '"', notIn: ['string'] }],
    surroundingPairs: [{ open: '{', close: '}' }, { open: '[', close: ']' }, { open: '"', close: '"' }],
  });
  monaco.languages.setMonarchTokensProvider('json', {
    tokenizer: {
      root: [
        [/"(?:[^"\\]|\\.)*"(?=\s*:)/, 'string.key.json'],
        [/"(?:[^"\\]|\\.)*"?/, 'string.value.json'],
        [/-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/, 'number'],
        [/\b(?:true|false|null)\b/, 'keyword.json'],
        [/[{}[\]]/, '@brackets'],
        [/[,:]/, 'delimiter'],
        [/\s+/, 'white'],
      ],
    },
  });
}
