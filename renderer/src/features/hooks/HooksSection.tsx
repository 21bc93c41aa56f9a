import { useEffect, useState } from 'react';
import type { Hook } from '@shared/project/schema';
import { loadHooks, removeHook, runHook, saveHook } from './hooksActions';
import { useHooksStore } from './hooksStore';

/**
 * The port's hooks: argument arrays (one argument a line, so nothing is ever split or quoted),
 * whole-argument placeholders like {package}, presets to start from, and Run.
 */
export function HooksSection({ dir }: { dir: string }) {
  const { hooks, presets, placeholders, error } = useHooksStore();
  const [editing, setEditing] = useState<Hook | null>(null);
  useEffect(() => void loadHooks(dir), [dir]);
  const stored = new Set(hooks.map((h) => h.id));
  const shown: Hook[] = [...hooks, ...presets.filter((p) => !stored.has(p.id)).map((p) => ({ id: p.id, title: p.title, argv: p.argv, preset: p.id, edited: false }))];
  return (
    <details className="serve-section" data-testid="hooks">
      <summary>Hooks</summary>
      <div className="serve-section-body">
        {error && <p className="problem problem-error" role="alert">{error}</p>}
        <ul className="serve-hooks">
          {shown.map((hook) => (
            <li key={hook.id}>
              <strong>{hook.title}</strong> <span className="muted">{hook.preset ? (hook.edited ? `edited from the ${hook.preset} preset` : `${hook.preset} preset`) : 'your hook'}</span>
              <code className="serve-argv">{hook.argv.join(' ')}</code>
              <span className="serve-hook-buttons">
                <button className="button" onClick={() => setEditing(hook)}>Edit</button>
                {hook.id !== 'serve' && <button className="button" onClick={() => void runHook(dir, hook.id)}>Run</button>}
                {stored.has(hook.id) && <button className="button" onClick={() => void removeHook(dir, hook.id)} title={hook.preset ? 'Back to the preset' : 'Remove'}>{hook.preset ? 'Reset' : 'Remove'}</button>}
              </span>
            </li>
          ))}
        </ul>
        <button className="button" onClick={() => setEditing({ id: 'my-hook', title: 'My hook', argv: ['{python}', 'script.py', '--port-dir', '{portDir}'] })}>New hook</button>
        {editing && <HookEditor dir={dir} hook={editing} placeholders={placeholders} onDone={() => setEditing(null)} />}
      </div>
    </details>
  );
}

function HookEditor({ dir, hook, placeholders, onDone }: { dir: string; hook: Hook; placeholders: Record<string, string>; onDone(): void }) {
  const [id, setId] = useState(hook.id);
  const [title, setTitle] = useState(hook.title);
  const [argv, setArgv] = useState(hook.argv.join('\n'));
  const args = argv.split('\n').filter((a) => a !== '');
  const partial = args.filter((a) => /\{[A-Za-z]+\}/.test(a) && !/^\{[A-Za-z]+\}$/.test(a));
  return (
    <form
      className="serve-hook-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void saveHook(dir, { ...hook, id, title, argv: args }).then((ok) => ok && onDone());
      }}
    >
      <label>Id <input value={id} onChange={(e) => setId(e.target.value)} disabled={!!hook.preset} aria-label="Hook id" /></label>
      <label>Title <input value={title} onChange={(e) => setTitle(e.target.value)} aria-label="Hook title" /></label>
      <label>
        Arguments, one a line
        <textarea value={argv} onChange={(e) => setArgv(e.target.value)} rows={Math.min(14, Math.max(4, args.length + 1))} spellCheck={false} aria-label="Hook arguments" />
      </label>
      {partial.length > 0 && <p className="problem problem-warning">{partial.join(', ')}: placeholders replace whole arguments only; this stays literal.</p>}
      <p className="muted">{Object.entries(placeholders).map(([name, what]) => <span key={name} title={what}><code>{`{${name}}`}</code> </span>)}</p>
      <div className="modal-buttons">
        <button type="button" className="button" onClick={onDone}>Cancel</button>
        <button type="submit" className="button primary">Save</button>
      </div>
    </form>
  );
}
