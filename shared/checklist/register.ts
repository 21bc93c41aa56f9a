/**
 * Evidence for "Register architecture": arch.py on disk registers a name MAX will accept, the
 * package exports it, and the config.json `max serve --model-path` reads names that same
 * architecture (max-facts.md §3: MAX matches architectures[0] against the registered names).
 */
import { findMaxVersion, isBuiltinName } from '../codegen/knowledge';
import { canonicalJson } from '../project/canonicalJson';
import { gathered, type Finding, type Gathered } from './findings';

export interface ServeFolderState {
  /** How the serve folder reaches the checkpoint's other files. */
  links: 'symlink' | 'copy' | 'none';
  /** `--weight-path` values serve must pass (links refused). */
  weightPaths: string[];
  /** A Hub-only source: nothing on disk to link to. */
  needsDownload: boolean;
  /** Links in the serve folder whose target is gone. */
  broken: string[];
}

export interface RegisterInput {
  archPy: string | null;
  initPy: string | null;
  maxVersion: string;
  /** The config.json max serve reads: the serve folder's, else the checkpoint's (label + text; text null: missing). */
  served: { label: string; text: string | null } | null;
  /** The port's config (the user's edits), to check the serve folder still follows it. */
  portConfigText: string | null;
  /** Set when Bringup made (or should have made) a serve folder. */
  serveFolder: ServeFolderState | null;
  /** Whether a serve folder is needed (the registered name or the config differ from the checkpoint's). */
  needsServeFolder: boolean;
  /** Set when the port knows no checkpoint on disk or on the Hub (a dropped config.json): why serve cannot get one. */
  noCheckpoint?: string | null;
}

/** The name arch.py registers (`name="..."` of its SupportedArchitecture), or null. */
export function registeredNameIn(archPy: string): string | null {
  const match = /^\s*name\s*=\s*(["'])([A-Za-z_][A-Za-z0-9_]*)\1\s*,?\s*$/m.exec(archPy);
  return match ? match[2] : null;
}

/** architectures[0] of a config.json text, or null (invalid JSON or no list). */
export function firstArchitecture(configText: string): string | null {
  try {
    const value = JSON.parse(configText.replace(/^\uFEFF/, '')) as { architectures?: unknown };
    return Array.isArray(value?.architectures) && typeof value.architectures[0] === 'string' ? value.architectures[0] : null;
  } catch {
    return null;
  }
}

export function gatherRegister(input: RegisterInput): Gathered {
  const findings: Finding[] = [];
  const name = input.archPy === null ? null : registeredNameIn(input.archPy);
  if (input.archPy === null) findings.push({ id: 'file:arch.py', level: 'blocker', file: 'arch.py', message: 'arch.py is missing from the package: write the port again' });
  else if (!name) findings.push({ id: 'name', level: 'blocker', file: 'arch.py', message: 'arch.py sets no name="..." on its SupportedArchitecture' });
  if (input.initPy === null) findings.push({ id: 'file:__init__.py', level: 'blocker', file: '__init__.py', message: '__init__.py is missing: MAX imports the package through it' });
  else if (!/^ARCHITECTURES\s*=/m.test(input.initPy)) findings.push({ id: 'exports', level: 'blocker', file: '__init__.py', message: '__init__.py does not define ARCHITECTURES: --custom-architectures finds nothing to register' });

  if (name && isBuiltinName(name)) {
    const policy = findMaxVersion(input.maxVersion)?.builtinOverride ?? 'unknown';
    findings.push(policy === 'refused'
      ? { id: 'builtin-name', level: 'blocker', file: 'arch.py', message: `${name} is built into MAX and MAX ${input.maxVersion} refuses to override it ("Refusing to override existing architecture"): write the port with a unique name` }
      : { id: 'builtin-name', level: 'open', file: 'arch.py', message: `${name} is built into MAX; whether MAX ${input.maxVersion} lets a custom architecture override it is unknown: serve will tell, or use a unique name` });
  }

  const folder = input.serveFolder;
  if (folder?.needsDownload) {
    findings.push({ id: 'serve-folder:download', level: 'blocker', message: 'the checkpoint is only on the Hub: download it (HF cache), then write the port again so checkpoint/ can link its files' });
  }
  for (const link of folder?.broken ?? []) findings.push({ id: `serve-folder:broken:${link}`, level: 'blocker', file: link, message: `${link}: the file it links to is gone (write the port again, or restore the checkpoint)` });
  if (folder?.links === 'copy') {
    findings.push({ id: 'serve-folder:copy', level: 'note', message: `symbolic links were refused here: small files were copied and serve passes --weight-path for ${folder.weightPaths.length} weight file${folder.weightPaths.length === 1 ? '' : 's'}` });
  }

  const served = input.served;
  if (!served) {
    if (input.noCheckpoint) findings.push({ id: 'serve-folder:checkpoint', level: 'blocker', message: input.noCheckpoint });
    else if (input.needsServeFolder && !folder?.needsDownload) findings.push({ id: 'serve-folder', level: 'blocker', message: 'no serve folder: write the port again so checkpoint/config.json names the registered architecture' });
  } else if (served.text === null) {
    findings.push({ id: 'served-config', level: 'blocker', file: served.label, message: `${served.label} is missing: max serve has no config to read` });
  } else {
    const servedName = firstArchitecture(served.text);
    if (servedName === null) findings.push({ id: 'served-config', level: 'blocker', file: served.label, message: `${served.label}: no architectures[0] (or not valid JSON)` });
    else if (name && servedName !== name) {
      findings.push({ id: 'served-name', level: 'blocker', file: served.label, message: `max serve reads architectures[0] = "${servedName}" from ${served.label}, but arch.py registers "${name}"` });
    }
    if (folder && input.portConfigText !== null && !sameConfigBesidesName(served.text, input.portConfigText)) {
      findings.push({ id: 'served-config:edits', level: 'open', file: served.label, message: `${served.label} no longer follows the port's config.json (.bringup/config.json): write the port again` });
    }
  }
  const detail = name
    ? `arch.py registers ${name}; ${served ? `max serve reads ${served.label}` : 'no serve folder'}`
    : 'arch.py registers no name';
  return gathered(findings, detail, { archName: name, servedConfig: served?.label ?? null, links: folder?.links ?? null, weightPaths: folder?.weightPaths ?? [] });
}

/** Equal as JSON once architectures[0] is set aside (the serve folder's copy differs only there). */
export function sameConfigBesidesName(a: string, b: string): boolean {
  const strip = (text: string): string | null => {
    try {
      const value = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
      if (Array.isArray(value.architectures)) value.architectures = value.architectures.slice(1);
      return canonicalJson(value);
    } catch {
      return null;
    }
  };
  const left = strip(a);
  return left !== null && left === strip(b);
}
