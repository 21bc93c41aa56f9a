import type { PortFileState, PortView } from '@shared/project/types';
import { usePortStore } from '../port/portStore';
import { openConflict } from '../project/projectActions';
import { useProjectStore } from '../project/projectStore';

const STATE_TEXT: Record<PortFileState, string> = {
  unchanged: 'unchanged: as generated',
  edited: 'edited: your changes, kept',
  merged: 'merged: your edits with the new generation',
  conflict: 'in conflict: a new generation waits for you',
  missing: 'missing on disk: Write puts it back',
};

/**
 * Every package file of the written port and where it stands: unchanged, edited, merged, or in
 * conflict (which opens the diff editor). What the last write did is beside each.
 */
export function ChangesView({ port }: { port: PortView }) {
  const last = port.project.lastWrite;
  const open = (path: string) => {
    useProjectStore.getState().setMode('files');
    usePortStore.getState().setActiveFile(path);
  };
  return (
    <div className="changes" data-testid="changes">
      <p className="muted">
        {port.dir}/{port.project.packageName}
        {last ? ` · last written ${new Date(last.at).toLocaleString()}${last.renamedFrom ? `, renamed from ${last.renamedFrom}/` : ''}` : ''}
      </p>
      <ul className="changes-list">
        {port.files.map((f) => (
          <li key={f.path} className={`change change-${f.state}`} data-testid="change" data-file={f.path} data-state={f.state}>
            <button className="change-file mono" onClick={() => open(f.path)} title={`Show ${f.path} as it is on disk`}>{f.path}</button>
            <span className="change-state">{STATE_TEXT[f.state]}</span>
            {f.lastWrite && <span className="change-last muted">last write: {f.lastWrite}</span>}
            {f.state === 'conflict' && (
              <button className="button primary" onClick={() => void openConflict(port.dir, port.project.packageName, f.path)} data-testid="open-conflict">Resolve…</button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
