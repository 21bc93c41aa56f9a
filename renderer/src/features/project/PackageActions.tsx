import { useState } from 'react';
import { createPortal } from 'react-dom';
import { DEFAULT_MAX_VERSION, MAX_VERSIONS } from '@shared/codegen';
import { formatChord, isMac } from '../../app/commands/keys';
import { useCommand } from '../../app/commands/registry';
import { usePortStore } from '../port/portStore';
import { openConflict, renameArchitecture, writePackage, writeTo } from './projectActions';
import { useProjectStore } from './projectStore';

/** "Write package" beside the generated tabs, the folder prompt of browser mode, and the last result. */
export function PackageActions() {
  const source = usePortStore((s) => s.checkpoint?.source ?? null);
  const dir = useProjectStore((s) => (source ? s.dirs[source] : undefined));
  const writing = useProjectStore((s) => s.writing);
  const asking = useProjectStore((s) => s.askingForDir);
  // Enabled whenever a checkpoint is open, so Ctrl+S never falls through to the browser's "Save page".
  useCommand({ id: 'package.write', title: 'Write the package', category: 'Port', keys: ['Mod+S'], when: () => !!source, run: () => void (useProjectStore.getState().writing || writePackage()) });
  useCommand({ id: 'package.writeTo', title: 'Write the package to another folder…', category: 'Port', when: () => !!source && !writing, run: () => void writePackage({ chooseFolder: true }) });
  const key = formatChord('Mod+S', isMac);
  const maxVersion = usePortStore((s) => s.maxVersion) ?? DEFAULT_MAX_VERSION;
  return (
    <div className="package-actions">
      <select
        className="select"
        value={maxVersion}
        onChange={(e) => usePortStore.getState().setMaxVersion(e.target.value)}
        aria-label="MAX version to generate for"
        title="The MAX API the package is generated for"
      >
        {MAX_VERSIONS.map((v) => (
          <option key={v.version} value={v.version} title={v.label}>MAX {v.version}</option>
        ))}
      </select>
      <button className="button primary" disabled={!source || writing} onClick={() => void writePackage()} title={dir ? `Write to ${dir} (${key})` : `Choose a folder and write the package (${key})`} data-testid="write-package" aria-label="Write package">
        {writing ? 'Writing…' : 'Write'}
      </button>
      {dir && <button className="button" onClick={() => void writePackage({ chooseFolder: true })} title="Write to another folder" aria-label="Write to another folder">…</button>}
      {asking && <FolderPrompt initial={dir ?? ''} />}
    </div>
  );
}

function FolderPrompt({ initial }: { initial: string }) {
  const [path, setPath] = useState(initial);
  const cancel = () => useProjectStore.getState().askForDir(false);
  // In a portal: a pane is its own stacking context, so a dialog inside it would sit under the next pane.
  return createPortal(
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Project folder" onKeyDown={(e) => e.key === 'Escape' && cancel()}>
      <form
        className="modal"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) void writeTo(path.trim());
        }}
      >
        <h3>Write the package</h3>
        <p className="muted">The absolute path of the project folder on the machine running Bringup. The package and its .bringup/ folder go there; files you edited are merged, never overwritten.</p>
        <input autoFocus value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/ports/my-model" aria-label="Project folder path" spellCheck={false} />
        <div className="modal-buttons">
          <button type="button" className="button" onClick={cancel}>Cancel</button>
          <button type="submit" className="button primary">Write</button>
        </div>
      </form>
    </div>,
    document.body,
  );
}

/** What the last write did; conflicts open the side-by-side resolver. */
export function PackageResult() {
  const source = usePortStore((s) => s.checkpoint?.source ?? null);
  const { result, resultSource, error } = useProjectStore();
  const dir = useProjectStore((s) => (source ? s.dirs[source] : undefined));
  if (error) return <div className="problem problem-error" role="alert">{error}</div>;
  if (!result || resultSource !== source || !dir) return <p className="muted">Not written yet: “Write package” puts it in a folder of your choice.</p>;
  return (
    <div className="package-result" data-testid="package-result">
      <p>
        <span className="mono">{result.packageDir}</span>: {result.written.length} written ({result.merged.length} merged with your edits), {result.skipped.length} unchanged, {result.conflicts.length} in conflict.
      </p>
      {result.nameIsBuiltIn && (
        <p className="problem-warning">
          {result.archName} is built into MAX and current nightlies refuse to override it.
          {result.rename && (
            <>
              {' '}Register it as <code>{result.rename.suggestedName}</code> instead, and set <code>{result.rename.configJsonChange.path}</code> to that name in a local copy of config.json (weights symlinked).{' '}
              <button className="button" onClick={() => void renameArchitecture(result.rename!.suggestedName)} data-testid="use-unique-name">Use {result.rename.suggestedName}</button>
            </>
          )}
        </p>
      )}
      {result.conflicts.length > 0 && (
        <ul className="conflicts">
          {result.conflicts.map((c) => (
            <li key={c.path}>
              <button className="button" onClick={() => void openConflict(dir, result.packageName, c.path)} data-testid="open-conflict">
                Resolve {c.path}
              </button>{' '}
              <span className="muted">your edits are kept; the new version is in {c.newPath} (lines {c.lines.join(', ')})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
