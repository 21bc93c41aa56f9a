import { useEffect, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import '@xterm/xterm/css/xterm.css';
import { api, client } from '../../platform/bridge';

const SCROLLBACK_LINES = 10_000;
const DARK = matchMedia('(prefers-color-scheme: dark)');

/**
 * A run's log in a real terminal (ANSI colours as MAX and pixi print them): the tail the services
 * kept, then every batch as it comes (ordered by `seq`, so nothing doubles up); search, copy,
 * follow or pause (paused output waits and is written on resume), bounded scrollback.
 */
export function LogTerminal({ runId, dir }: { runId: string; dir: string }) {
  const host = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const [follow, setFollow] = useState(true);
  const followRef = useRef(true);
  const pending = useRef('');
  const [pendingBytes, setPendingBytes] = useState(0);
  const [query, setQuery] = useState('');
  const [copied, setCopied] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    const term = new Terminal({
      convertEol: true,
      disableStdin: true,
      scrollback: SCROLLBACK_LINES,
      fontSize: 12,
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace",
      cursorStyle: 'underline',
      cursorInactiveStyle: 'none',
      allowProposedApi: true,
      theme: DARK.matches ? { background: '#1e1e1e' } : { background: '#ffffff', foreground: '#1f1f1f', selectionBackground: '#add6ff' },
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    term.open(host.current!);
    termRef.current = term;
    searchRef.current = search;
    const resize = new ResizeObserver(() => {
      try {
        fit.fit();
      } catch {
        // hidden: nothing to fit
      }
    });
    resize.observe(host.current!);
    let lastSeq = 0;
    let cancelled = false;
    const write = (text: string) => {
      if (!followRef.current) {
        pending.current += text;
        setPendingBytes(pending.current.length);
        return;
      }
      term.write(text, () => term.scrollToBottom());
    };
    const queued: { seq: number; text: string }[] = [];
    let attached = false;
    const off = client.on('onRunOutput', (batch) => {
      if (batch.runId !== runId) return;
      if (!attached) queued.push(batch);
      else if (batch.seq > lastSeq) {
        lastSeq = batch.seq;
        write(batch.text);
      }
    });
    // The services' tail while they still hold the run, else the log file.
    api.serve.status(runId)
      .then((s) => s.tail, () => api.serve.readLog(dir, runId).then((l) => ({ text: l.text, seq: 0, truncated: l.truncated })))
      .then((tail) => {
        if (cancelled) return;
        if (tail.truncated) setNote('Older output is only in the log file.');
        write(tail.text);
        lastSeq = tail.seq;
        attached = true;
        for (const batch of queued.splice(0)) {
          if (batch.seq <= lastSeq) continue;
          lastSeq = batch.seq;
          write(batch.text);
        }
      })
      .catch((err: Error) => !cancelled && setNote(err.message));
    return () => {
      cancelled = true;
      off();
      resize.disconnect();
      term.dispose();
      termRef.current = null;
    };
  }, [runId, dir]);

  const setFollowing = (on: boolean) => {
    followRef.current = on;
    setFollow(on);
    if (on && termRef.current) {
      const text = pending.current;
      pending.current = '';
      setPendingBytes(0);
      termRef.current.write(text, () => termRef.current?.scrollToBottom());
    }
  };

  const find = (backwards = false) => {
    if (!query) return;
    const options = { decorations: { matchBackground: '#ffd33d', matchOverviewRuler: '#ffd33d', activeMatchBackground: '#ff9632', activeMatchColorOverviewRuler: '#ff9632' } };
    if (backwards) searchRef.current?.findPrevious(query, options);
    else searchRef.current?.findNext(query, options);
  };

  const copy = async () => {
    const term = termRef.current;
    if (!term) return;
    let text = term.getSelection();
    if (!text) {
      const lines: string[] = [];
      for (let i = 0; i < term.buffer.active.length; i++) lines.push(term.buffer.active.getLine(i)?.translateToString(true) ?? '');
      text = lines.join('\n').replace(/\n+$/, '\n');
    }
    await navigator.clipboard.writeText(text).then(() => setCopied(true), () => setNote('The browser refused the clipboard.'));
    setTimeout(() => setCopied(false), 1200);
  };

  return (
    <div className="serve-terminal">
      <div className="serve-terminal-bar">
        <input
          className="serve-search"
          value={query}
          placeholder="Search the log"
          aria-label="Search the log"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && find(e.shiftKey)}
        />
        <button className="button" onClick={() => find(true)} title="Previous match (Shift+Enter)" aria-label="Previous match">↑</button>
        <button className="button" onClick={() => find()} title="Next match (Enter)" aria-label="Next match">↓</button>
        <button className="button" onClick={() => void copy()} title="Copy the selection, or the whole log">{copied ? 'Copied' : 'Copy'}</button>
        <button className={`button ${follow ? '' : 'primary'}`} onClick={() => setFollowing(!follow)} aria-pressed={!follow} title={follow ? 'Pause: new output waits until you resume' : 'Resume and follow the output'}>
          {follow ? 'Pause' : `Follow${pendingBytes ? ` (${Math.ceil(pendingBytes / 1024)} KB waiting)` : ''}`}
        </button>
        {note && <span className="muted">{note}</span>}
      </div>
      <div className="serve-terminal-host" ref={host} data-testid="serve-terminal" />
    </div>
  );
}
