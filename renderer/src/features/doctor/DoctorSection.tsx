import { useState } from 'react';
import { formatBytes } from '@shared/format/units';
import type { ToolFinding } from '@shared/serve/doctorTypes';
import { savePortSettings } from '../serve/serveActions';
import { runDoctor } from './doctorActions';
import { useDoctorStore } from './doctorStore';

const WHERE: Record<string, string> = { flag: 'chosen', setting: 'port setting', virtualenv: 'VIRTUAL_ENV', 'port-venv': "the port's .venv", path: 'PATH', 'python-bin': 'beside the Python' };

function Tool({ label, finding, version }: { label: string; finding: ToolFinding; version: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd title={finding.tried.map((t) => `${t.path} (${WHERE[t.source]}): ${t.result}`).join('\n')}>
        {finding.path ? <><span className="mono">{finding.path}</span> — {version} <span className="muted">({WHERE[finding.source ?? 'path']})</span></> : <span className="state-blocked">{finding.why}</span>}
      </dd>
    </>
  );
}

/** What this machine (or, in browser mode, the server) offers the port: Python, max, packages, GPUs. */
export function DoctorSection({ dir, onSaved }: { dir: string; onSaved?: () => void }) {
  const { report, running, error, note } = useDoctorStore();
  const [python, setPython] = useState('');
  const [maxBin, setMaxBin] = useState('');
  return (
    <details className="serve-section" data-testid="doctor" onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && !report && !running && void runDoctor(dir)}>
      <summary>Environment</summary>
      <div className="serve-section-body">
        <button className="button" disabled={running} onClick={() => void runDoctor(dir, python || undefined)} data-testid="doctor-run">{running ? 'Checking…' : 'Check again'}</button>
        {error && <p className="problem problem-error">{error}</p>}
        {note && <p className="muted" data-testid="doctor-note">{note}</p>}
        {report && (
          <dl className="serve-numbers">
            <Tool label="Python" finding={report.python} version={`Python ${report.python.version}`} />
            <Tool label="max" finding={report.max} version={`MAX ${report.max.version}`} />
            <dt>packages</dt>
            <dd>{report.packages.map((p) => `${p.name} ${p.version ?? '—'}`).join(' · ')}</dd>
            <dt>GPUs</dt>
            <dd data-testid="doctor-gpus">
              {report.gpus.found
                ? report.gpus.devices.map((g) => `${g.index}: ${g.name}, ${g.memoryFreeBytes === null ? '?' : formatBytes(g.memoryFreeBytes)} free of ${g.memoryTotalBytes === null ? '?' : formatBytes(g.memoryTotalBytes)}`).join('; ')
                : <span className="muted">{report.gpus.why}</span>}
            </dd>
            <dt>codegen</dt>
            <dd data-testid="doctor-codegen">{report.codegen.why}</dd>
          </dl>
        )}
        <form className="serve-inline-form" onSubmit={(e) => (e.preventDefault(), void savePortSettings(dir, { python: python.trim() || null }).then(onSaved).then(() => runDoctor(dir)))}>
          <input value={python} onChange={(e) => setPython(e.target.value)} placeholder="Python for hooks (default: virtualenv, else PATH)" aria-label="Python for hooks" spellCheck={false} />
          <button className="button" type="submit">Use</button>
        </form>
        <form className="serve-inline-form" onSubmit={(e) => (e.preventDefault(), void savePortSettings(dir, { maxBin: maxBin.trim() || null }).then(onSaved).then(() => runDoctor(dir)))}>
          <input value={maxBin} onChange={(e) => setMaxBin(e.target.value)} placeholder="max executable (default: beside the Python, else PATH)" aria-label="max executable for this port" spellCheck={false} />
          <button className="button" type="submit" data-testid="doctor-use-max">Use</button>
        </form>
      </div>
    </details>
  );
}
