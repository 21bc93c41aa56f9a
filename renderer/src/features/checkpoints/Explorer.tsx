import { useEffect, useState } from 'react';
import type { ExampleEntry } from '@shared/api/types';
import { formatChord, isMac } from '../../app/commands/keys';
import { api, isDesktop } from '../../platform/bridge';
import { sourceTitle } from './displayName';
import { openExample, openSource, pickAndOpenFolder } from './openActions';
import { useRecentStore } from './recentStore';
import { usePortStore } from '../port/portStore';
import { CacheList } from '../cache/CacheList';
import { FoldersSection } from '../cache/FoldersSection';

/** The checkpoint browser's local side: open by folder, path or repo id; examples, recent, the HF cache, added folders. */
export function Explorer() {
  const [examples, setExamples] = useState<ExampleEntry[]>([]);
  const [path, setPath] = useState('');
  const recent = useRecentStore((s) => s.recent);
  const forget = useRecentStore((s) => s.forget);
  const current = usePortStore((s) => s.checkpoint?.source);

  useEffect(() => {
    api.app.listExamples().then(setExamples, () => setExamples([]));
  }, []);

  const onOpenFolder = async () => {
    if (!(await pickAndOpenFolder())) document.getElementById('open-path')?.focus();
  };

  return (
    <div className="explorer">
      <section>
        <h2 className="section-title">Open</h2>
        {isDesktop && (
          <button className="button primary wide" onClick={onOpenFolder} title={`Open a folder holding config.json (${formatChord('Mod+O', isMac)})`}>
            Open folder…
          </button>
        )}
        <form
          className="open-path"
          onSubmit={(e) => {
            e.preventDefault();
            if (path.trim()) void openSource(path.trim());
          }}
        >
          <input
            id="open-path"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="Folder, config.json, or org/name[@rev]"
            aria-label="Checkpoint path or repo id"
            title={`A folder, a config.json or org/name[@rev] (${formatChord('Mod+L', isMac)}); ${formatChord('Mod+P', isMac)} lists recent and cached ones`}
            spellCheck={false}
          />
          <button className="button" type="submit">Open</button>
        </form>
        <p className="hint">{isDesktop ? 'Or drop a folder on the window.' : 'Or drop a config.json on the window.'}</p>
      </section>
      <section>
        <h2 className="section-title">Examples</h2>
        <ul className="list" data-testid="examples">
          {examples.map((e) => (
            <li key={e.id}>
              <button className={`list-item ${current === `example:${e.id}` ? 'active' : ''}`} onClick={() => void openExample(e.id)} title={e.summary}>
                <span className="list-title">{e.title}</span>
                <span className="list-sub">{e.repoId}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      {recent.length > 0 && (
        <section>
          <h2 className="section-title">Recent</h2>
          <ul className="list">
            {recent.map((r) => (
              <li key={r.source} className="list-row">
                <button className={`list-item ${current === r.source ? 'active' : ''}`} onClick={() => void openSource(r.source)} title={r.source}>
                  <span className="list-title">{sourceTitle(r.source)}</span>
                  <span className="list-sub">{r.label}</span>
                </button>
                <button className="icon-button" aria-label={`Forget ${r.source}`} onClick={() => forget(r.source)}>×</button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <CacheList />
      <FoldersSection />
    </div>
  );
}
