import type { ReactNode } from 'react';
import { usePortStore } from '../port/portStore';
import { openSource } from './openActions';

interface CheckpointButtonProps {
  /** The folder it stands for (and opens, unless `source` is given). */
  path: string;
  /** What to open instead of the path: `org/name@commit` for an HF cache revision. */
  source?: string;
  title: ReactNode;
  sub: ReactNode;
  testId: string;
  mono?: boolean;
  data?: Record<`data-${string}`, string>;
}

/** One checkpoint in a list (HF cache revision, folder entry): opens it, and shows when it is the open one. */
export function CheckpointButton({ path, source = path, title, sub, testId, mono, data }: CheckpointButtonProps) {
  const current = usePortStore((s) => s.checkpoint?.dir ?? null);
  return (
    <button className={`list-item ${current === path ? 'active' : ''}`} onClick={() => void openSource(source)} title={source === path ? `Open ${path}` : `Open ${source} (${path})`} data-testid={testId} {...data}>
      <span className={`list-title${mono ? ' mono' : ''}`}>{title}</span>
      <span className="list-sub">{sub}</span>
    </button>
  );
}
