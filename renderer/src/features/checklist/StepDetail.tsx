import { CopyButton } from '../../app/CopyButton';
import { shellLine } from '../../app/shellLine';
import { usePortStore } from '../port/portStore';
import type { PortModel } from '../port/usePortModel';
import { PackageResult } from '../project/PackageActions';
import { useProjectStore } from '../project/projectStore';
import { stepSummary } from './stepSummary';

/** What the selected step needs, and the evidence the app has for it. */
export function StepDetail({ model }: { model: PortModel }) {
  const active = usePortStore((s) => s.activeStep);
  const step = model.steps.find((s) => s.id === active)!;
  const todos = active === 'build-layers' ? (model.generated?.files.find((f) => f.path.endsWith('model.py'))?.content.match(/TODO\(bringup\)[^\n]*/g) ?? []) : [];
  return (
    <div className="step-detail" data-testid="step-detail">
      <h3>{step.title}</h3>
      <p className={`state state-${step.state}`}>{stepSummary(step)}</p>
      {(active === 'register' || active === 'build-layers') && <PackageResult />}
      {todos.length > 0 && (
        <ul>
          {todos.map((t, i) => <li key={i} className="mono">{t}</li>)}
        </ul>
      )}
      {active === 'serve' && model.generated && <ServeCommand args={model.generated.serveCommand} />}
    </div>
  );
}

/** PORTING.md's `max serve` line, with the checkpoint and the written package filled in where known, to copy. */
function ServeCommand({ args }: { args: string[] }) {
  const checkpoint = usePortStore((s) => s.checkpoint);
  const result = useProjectStore((s) => (s.result && s.resultSource === checkpoint?.source ? s.result : null));
  const modelPath = checkpoint?.kind === 'hub' ? checkpoint.repoId : checkpoint?.kind === 'local' || checkpoint?.kind === 'cache' ? checkpoint.dir : null;
  const filled = args.map((a) => {
    if (a === '<checkpoint>' && modelPath) return modelPath;
    if (a.startsWith('<abs path>/') && result) return result.packageDir;
    return a;
  });
  const line = shellLine(filled);
  return (
    <div className="serve-command">
      <div className="command-row">
        <pre className="mono command" data-testid="serve-command">{line}</pre>
        <CopyButton text={line} testId="copy-serve-command" />
      </div>
      <p className="muted">
        {filled.includes('<checkpoint>') ? 'Replace <checkpoint> with the checkpoint folder or repo id. ' : ''}
        {filled.some((a) => a.startsWith('<abs path>')) ? 'Write the package first to fill in its folder. ' : ''}
        If the package registers a name other than architectures[0], pass a checkpoint folder whose config.json names it.
      </p>
    </div>
  );
}
