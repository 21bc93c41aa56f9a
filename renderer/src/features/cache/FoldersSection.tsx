import { useEffect, useState } from 'react';
import { isDesktop } from '../../platform/bridge';
import { CheckpointButton } from '../checkpoints/CheckpointButton';
import { useHubStore } from '../hub/hubStore';
import { addFolder, pickFolder, removeFolder, scanFolder } from './cacheActions';
import { useCacheStore } from './cacheStore';

const baseName = (p: string) => p.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || p;

/** Folders the user added: the checkpoints found inside each, clickable; add by dialog or path, remove. */
export function FoldersSection() {
  const folders = useHubStore((s) => s.settings?.folders ?? null);
  const scans = useCacheStore((s) => s.folders);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(!isDesktop);

  useEffect(() => {
    for (const f of folders ?? []) if (!useCacheStore.getState().folders[f]) void scanFolder(f);
  }, [folders]);

  const add = async (folder: string) => {
    setError(await addFolder(folder));
  };
  const onAddClick = async () => {
    const picked = await pickFolder();
    if (picked) await add(picked);
    else setAsking(true);
  };

  return (
    <section data-testid="folders">
      <h2 className="section-title title-row">
        <span>Folders</span>
        {isDesktop && (
          <button className="icon-button" aria-label="Add a folder" title="Add a folder…" onClick={() => void onAddClick()}>+</button>
        )}
      </h2>
      {asking && (
        <form
          className="open-path"
          onSubmit={(e) => {
            e.preventDefault();
            void add(path).then(() => setPath(''));
          }}
        >
          <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="Folder holding checkpoints" aria-label="Folder to add" spellCheck={false} />
          <button className="button" type="submit">Add</button>
        </form>
      )}
      {error && <p className="error-line" role="alert">{error}</p>}
      {folders && folders.length === 0 && <p className="hint">Add a folder to list the checkpoints inside it.</p>}
      <ul className="list">
        {(folders ?? []).map((folder) => {
          const scan = scans[folder];
          return (
            <li key={folder} data-testid="folder" data-folder={folder}>
              <div className="list-row">
                <span className="folder-name" title={folder}>
                  <span className="list-title">{baseName(folder)}</span>
                  <span className="list-sub">{folder}</span>
                </span>
                <button className="icon-button" aria-label={`Rescan ${folder}`} onClick={() => void scanFolder(folder)}>⟳</button>
                <button className="icon-button" aria-label={`Remove ${folder}`} onClick={() => void removeFolder(folder)}>×</button>
              </div>
              {scan?.loading && <p className="hint">Looking for checkpoints…</p>}
              {scan?.error && <p className="error-line">{scan.error}</p>}
              {scan && !scan.loading && !scan.error && scan.items.length === 0 && <p className="hint">No checkpoint (config.json) found inside.</p>}
              <ul className="list nested">
                {scan?.items.map((c) => (
                  <li key={c.path}>
                    <CheckpointButton
                      path={c.path}
                      testId="folder-checkpoint"
                      title={c.path.startsWith(folder) ? c.path.slice(folder.length).replace(/^[\\/]/, '') || baseName(c.path) : c.path}
                      sub={`${c.hasConfig ? 'config.json' : 'no config.json'}${c.weights ? ` · ${c.weights}` : ' · no weights'}`}
                    />
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
