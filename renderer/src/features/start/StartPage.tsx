import { useEffect, useState } from 'react';
import type { ExampleEntry } from '@shared/api/types';
import { api, isDesktop } from '../../platform/bridge';
import { openExample } from '../checkpoints/openActions';
import { usePortStore } from '../port/portStore';
import { forgetRecent, loadRecent, openPort } from '../project/projectActions';
import { useProjectStore } from '../project/projectStore';
import { openPortByPath, pickAndOpenPort } from './startActions';

/** The start page: ports to reopen (as they were), a port by path or dialog, the embedded examples. */
export function StartPage() {
  const recent = useProjectStore((s) => s.recent);
  const checkpoint = usePortStore((s) => s.checkpoint);
  const loading = usePortStore((s) => s.loading);
  const [examples, setExamples] = useState<ExampleEntry[]>([]);
  const [path, setPath] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void loadRecent();
    api.app.listExamples().then(setExamples, () => setExamples([]));
  }, []);
  return (
    <div className="start-page" data-testid="start-page">
      <header className="start-header">
        <h1>Bringup</h1>
        <p className="muted">Port a Hugging Face checkpoint to MAX: map its fields, build its layers, register it, map its weights, validate its logits, serve it.</p>
        {checkpoint && <button className="button" onClick={() => useProjectStore.getState().showHome(false)}>Back to {checkpoint.label.split(/[\\/]/).pop()}</button>}
      </header>
      <section className="start-section">
        <h2 className="section-title">Open a port</h2>
        <form
          className="open-path"
          onSubmit={(e) => {
            e.preventDefault();
            if (path.trim()) void openPortByPath(path.trim()).then(setProblem);
          }}
        >
          <input value={path} onChange={(e) => { setPath(e.target.value); setProblem(null); }} placeholder="Port folder (absolute, or relative to your home folder)" aria-label="Port folder path" spellCheck={false} />
          <button className="button primary" type="submit" disabled={loading}>Open port</button>
          {isDesktop && <button className="button" type="button" onClick={() => void pickAndOpenPort()}>Choose folder…</button>}
        </form>
        <p className="hint">{isDesktop ? 'Or drop a port folder on the window.' : 'A port is a folder written by Write or bringup generate (it holds .bringup/project.json).'}</p>
        {problem && <p className="problem problem-error" role="alert" data-testid="open-port-problem">{problem}</p>}
      </section>
      <section className="start-section">
        <h2 className="section-title">Recent ports</h2>
        {recent.length === 0 && <p className="muted">None yet: open a checkpoint or an example and Write its port.</p>}
        <ul className="list recent-ports" data-testid="recent-ports">
          {recent.map((r) => (
            <li key={r.dir} className="list-row">
              <button className="list-item" onClick={() => void openPort(r.dir)} disabled={!!r.error} title={r.error ?? `Reopen ${r.dir}`} data-testid="recent-port">
                <span className="list-title">{r.archName ?? r.dir.split(/[\\/]/).pop()}</span>
                <span className="list-sub">{r.dir}</span>
                <span className="list-sub">{r.error ?? `${r.source ?? ''} · ${r.done}/${r.total} steps done${r.updatedAt ? ` · ${new Date(r.updatedAt).toLocaleString()}` : ''}`}</span>
              </button>
              <button className="icon-button" aria-label={`Forget ${r.dir}`} title="Remove from this list (the folder stays)" onClick={() => void forgetRecent(r.dir)}>×</button>
            </li>
          ))}
        </ul>
      </section>
      <section className="start-section">
        <h2 className="section-title">Start from an example</h2>
        <ul className="list" data-testid="start-examples">
          {examples.map((e) => (
            <li key={e.id}>
              <button className="list-item" onClick={() => void openExample(e.id)} title={e.summary}>
                <span className="list-title">{e.title}</span>
                <span className="list-sub">{e.repoId}</span>
              </button>
            </li>
          ))}
        </ul>
        <p className="hint">Or open a checkpoint folder, an HF cache entry or a Hub repo from the sidebar.</p>
      </section>
    </div>
  );
}
