/**
 * Edits of config.json text that keep the user's formatting (jsonc-parser's modify): the serve
 * folder's copy with the registered name, and the quick fixes the cross-check offers.
 */
import { applyEdits, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import { sameConfigBesidesName, firstArchitecture } from '../checklist/register';

/** `text` with `path` (dotted, as the analysis names fields) set to `value`; a path under text_config is found there. */
export function setConfigValue(text: string, path: string, value: unknown): string {
  const root = parseTree(text);
  let segments: (string | number)[] = path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  // A multimodal config keeps the language model's fields in text_config: a bare name lives there when the top level lacks it.
  if (root && segments.length === 1 && !findNodeAtLocation(root, segments) && findNodeAtLocation(root, ['text_config', segments[0]])) segments = ['text_config', ...segments];
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const edits = modify(text, segments, value, { formattingOptions: { insertSpaces: !indent.includes('\t'), tabSize: indent.includes('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' } });
  return applyEdits(text, edits);
}

/** The serve folder's config.json: the port's config with architectures[0] set to the registered name. */
export function serveConfigText(portConfigText: string, registeredName: string): string {
  const root = parseTree(portConfigText);
  const list = root ? findNodeAtLocation(root, ['architectures']) : undefined;
  if (list?.type === 'array' && list.children?.length) return setConfigValue(portConfigText, 'architectures.0', registeredName);
  return setConfigValue(portConfigText, 'architectures', [registeredName]);
}

/**
 * Whether `max serve` needs a folder of its own: the registered name differs from the checkpoint's
 * architectures[0] (MAX would load the built-in one), or the user edited the config (MAX would read
 * the unedited file from the checkpoint).
 */
export function needsServeFolder(checkpointConfigText: string | null, portConfigText: string, registeredName: string): boolean {
  if (checkpointConfigText === null) return true;
  if (firstArchitecture(checkpointConfigText) !== registeredName) return true;
  return !sameConfigBesidesName(checkpointConfigText, portConfigText);
}
