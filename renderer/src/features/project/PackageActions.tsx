import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { DEFAULT_MAX_VERSION, MAX_VERSIONS } from '@shared/codegen';
import type { FolderInfo } from '@shared/project/types';
import { api } from '../../platform/bridge';
import { formatChord, isMac } from '../../app/commands/keys';
import { useCommand } from '../../app/commands/registry';
import { usePortStore } from '../port/portStore';
import { exportReport, renameArchitecture, writePackage, writeTo } from './projectActions';
import { portDirFor, useProjectStore } from './projectStore';

/** "Write" beside the package tabs, the folder prompt of browser mode, the report export. */
export function PackageActions() {
  const source = usePortStore((s) => s.checkpoint?.source ?? null);
  const portDir = useProjectStore((s) => portDirFor(s, source));
  const dir = useProjectStore((s) => portDirFor(s, source) ?? (source ? s.dirs[source] : undefined));
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
      {portDir && <button className="button" onClick={() => void exportReport()} title={`Write PORT-REPORT.md and a self-contained PORT-REPORT.html into ${portDir}`} data-testid="export-report">Report</button>}
      {asking && <FolderPrompt initial={dir ?? ''} />}
    </div>
  );
}

/** What a typed folder resolves to, as the user types: where it is, whether it is new, a port, or unusable. */
function describe(info: FolderInfo | null, checkpoint: { source: string; dir: string | null } | null): { text: string; ok: boolean } {
  if (!info) return { text: '', ok: false };
  if (info.problem) return { text: info.problem, ok: false };
  const where = info.given.trim() !== info.dir ? `${info.dir} (relative paths start at ${info.base})` : info.dir;
  if (!info.exists) return { text: `${where}: a new folder`, ok: true };
  if (info.isPort && info.portOf && checkpoint && info.portOf !== checkpoint.source && info.portOf !== checkpoint.dir) {
    return { text: `${where} is the port of ${info.portOf}: choose another folder for this checkpoint`, ok: false };
  }
  if (info.isPort) return { text: `${where}: an existing port (${info.packageName ?? 'no package yet'}); your edits there are merged, never overwritten`, ok: true };
  return { text: `${where}: an existing folder; the package and .bringup/ go inside it`, ok: true };
}

function FolderPrompt({ initial }: { initial: string }) {
  const [path, setPath] = useState(initial);
  const [info, setInfo] = useState<FolderInfo | null>(null);
  const checkpoint = usePortStore((s) => s.checkpoint);
  const cancel = () => useProjectStore.getState().askForDir(false);
  useEffect(() => {
    if (!path.trim()) return setInfo(null);
    let live = true;
    const timer = setTimeout(() => void api.project.describeFolder(path.trim()).then((i) => live && setInfo(i), () => live && setInfo(null)), 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [path]);
  const shown = describe(info, checkpoint && { source: checkpoint.source, dir: checkpoint.dir });
  // In a portal: a pane is its own stacking context, so a dialog inside it would sit under the next pane.
  return createPortal(
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Project folder" onKeyDown={(e) => e.key === 'Escape' && cancel()}>
      <form
        className="modal"
        onSubmit={(e) => {
          e.preventDefault();
          if (info && shown.ok && path.trim()) void writeTo(info.dir);
        }}
      >
        <h3>Write the port</h3>
        <p className="muted">The port folder on the machine running Bringup: the package, checkpoint/ (what max serve gets) and .bringup/ go there. Files you edited are merged, never overwritten.</p>
        <input autoFocus value={path} onChange={(e) => setPath(e.target.value)} placeholder={info?.base ? `${info.base}/ports/my-model` : '/home/me/ports/my-model'} aria-label="Project folder path" spellCheck={false} />
        <p className={`folder-info ${shown.ok ? '' : 'problem-error'}`} data-testid="folder-info">{shown.text || 'An absolute path, or one relative to your home folder.'}</p>
        <div className="modal-buttons">
          <button type="button" className="button" onClick={cancel}>Cancel</button>
          <button type="submit" className="button primary" disabled={!info || !shown.ok || info.given.trim() !== path.trim()}>Write</button>
        </div>
      </form>
    </div>,
    document.body,
  );
}

/** What the port registers and where the last write went; the registered name can change here (the package follows). */
export function PackageResult() {
  const source = usePortStore((s) => s.checkpoint?.source ?? null);
  const port = useProjectStore((s) => (portDirFor(s, source) ? s.port : null));
  const result = useProjectStore((s) => s.result);
  const [name, setName] = useState('');
  if (!port) return <p className="muted">Not written yet: “Write” puts the port in a folder of your choice.</p>;
  const project = port.project;
  const last = result && result.dir === port.dir ? result : null;
  return (
    <div className="package-result" data-testid="package-result">
      <p>
        <span className="mono">{port.dir}/{project.packageName}</span> registers <code data-testid="registered-name">{project.archName}</code> for MAX {project.maxVersion}
        {port.status.servePath && <> · max serve --model-path <span className="mono">{port.status.servePath}</span></>}
      </p>
      {project.serveFolder && <p className="muted">{project.serveFolder.note}</p>}
      {last && (
        <p>
          Last write: {last.written.length} written ({last.merged.length} merged with your edits), {last.skipped.length} unchanged, {last.conflicts.length} in conflict
          {last.renamedFrom ? `, renamed from ${last.renamedFrom}/` : ''}.
        </p>
      )}
      {last?.rename && last.archName === last.rename.suggestedName && (
        <p className="muted">{last.rename.configJsonChange.from} is built into MAX, which refuses to override it: the port registers {last.archName}, and checkpoint/config.json names it.</p>
      )}
      <form className="rename-form" onSubmit={(e) => { e.preventDefault(); if (name.trim()) void renameArchitecture(name.trim()); }}>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={`Register as… (now ${project.archName})`} aria-label="Registered name" spellCheck={false} />
        <button className="button" type="submit" disabled={!/^[A-Za-z][A-Za-z0-9_]*$/.test(name.trim())} data-testid="rename">Rename</button>
      </form>
    </div>
  );
}
