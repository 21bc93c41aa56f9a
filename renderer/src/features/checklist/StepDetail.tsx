import { usePortStore } from '../port/portStore';
import type { PortModel } from '../port/usePortModel';
import { PackageResult } from '../project/PackageActions';
import { LogitsPanel } from '../logits/LogitsPanel';

/** What the selected step needs, and the evidence the app has for it. */
export function StepDetail({ model }: { model: PortModel }) {
  const active = usePortStore((s) => s.activeStep);
  const step = model.steps.find((s) => s.id === active)!;
  const todos = active === 'build-layers' ? (model.generated?.files.find((f) => f.path.endsWith('model.py'))?.content.match(/TODO\(bringup\)[^\n]*/g) ?? []) : [];
  return (
    <div className="step-detail" data-testid="step-detail">
      <h3>{step.title}</h3>
      <p className={`state state-${step.state}`}>{step.state.replace('-', ' ')}: {step.detail}</p>
      {(active === 'register' || active === 'build-layers') && <PackageResult />}
      {active === 'validate-logits' && <LogitsPanel />}
      {todos.length > 0 && (
        <ul>
          {todos.map((t, i) => <li key={i} className="mono">{t}</li>)}
        </ul>
      )}
    </div>
  );
}
