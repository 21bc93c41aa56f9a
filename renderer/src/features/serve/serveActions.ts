import type { PackageFrame } from '@shared/serve/types';
import type { SmokeApi } from '@shared/serve/smoke';
import { api, client } from '../../platform/bridge';
import { usePortStore } from '../port/portStore';
import { useServeStore } from './serveStore';

/**
 * The Serve panel's actions, as plain functions (the command palette registers them as they are):
 * plan, start, stop, smoke, open the failing line. The services do the work; the store only shows it.
 */

let subscribed = false;

/** Follows every run's state and smoke answer pushed by the services (once per page). */
export function followServeEvents(): void {
  if (subscribed) return;
  subscribed = true;
  client.on('onRunStatus', (status) => useServeStore.getState().setRun(status));
  client.on('onSmokeText', ({ runId, text }) => useServeStore.getState().smokeText(runId, text));
}

const portOf = (dir: string): number | undefined => {
  const typed = useServeStore.getState().portField[dir]?.trim();
  return typed && /^\d+$/.test(typed) ? Number(typed) : undefined;
};

export async function refreshPlan(dir: string): Promise<void> {
  try {
    // An absent option is left out: over browser mode's JSON an undefined argument would become null.
    const port = portOf(dir);
    const plan = await (port ? api.serve.prepare(dir, { port }) : api.serve.prepare(dir));
    useServeStore.getState().setPlan(dir, plan);
    if (plan.active) {
      useServeStore.getState().setRun(plan.active);
      useServeStore.getState().show(dir, plan.active.runId);
    }
  } catch (err) {
    useServeStore.getState().setPlan(dir, null, (err as Error).message);
  }
}

export async function startServe(dir: string, options: { logitsProbe?: boolean } = {}): Promise<void> {
  followServeEvents();
  const store = useServeStore.getState();
  store.setBusy(true);
  try {
    const port = portOf(dir);
    const status = await api.serve.start(dir, { ...(port ? { port } : {}), ...options });
    store.setRun(status);
    store.show(dir, status.runId);
    store.setSmoke(null);
    store.setBusy(false);
  } catch (err) {
    store.setBusy(false, (err as Error).message);
  }
  void refreshPlan(dir);
}

export async function stopServe(runId: string): Promise<void> {
  const store = useServeStore.getState();
  store.setBusy(true);
  try {
    store.setRun(await api.serve.stop(runId));
    store.setBusy(false);
  } catch (err) {
    store.setBusy(false, (err as Error).message);
  }
}

/** Serve on the port the check offered instead of the one taken. */
export function switchToPort(dir: string, port: number): Promise<void> {
  useServeStore.getState().setPortField(dir, String(port));
  return refreshPlan(dir);
}

export async function sendSmoke(runId: string, prompt: string, smokeApi?: SmokeApi): Promise<void> {
  followServeEvents();
  const store = useServeStore.getState();
  store.setSmoke({ runId, prompt, text: '', running: true, result: null, error: null });
  try {
    const result = await api.serve.smoke(runId, { prompt, ...(smokeApi ? { api: smokeApi } : {}) });
    useServeStore.getState().setSmoke({ runId, prompt, text: result.text, running: false, result, error: result.ok ? null : result.error ?? 'failed' });
  } catch (err) {
    useServeStore.getState().setSmoke({ runId, prompt, text: '', running: false, result: null, error: (err as Error).message });
  }
}

/** The package file and line a traceback points at: in the editor's tab when it is generated, and shown at the line. */
export async function openFailureLine(dir: string, frame: PackageFrame): Promise<void> {
  try {
    const { path, text } = await api.serve.readPortFile(dir, frame.path);
    const port = usePortStore.getState();
    if (!frame.file.includes('/')) port.setActiveFile(frame.file);
    useServeStore.getState().setPeek({ path, file: frame.file, line: frame.line, text });
  } catch (err) {
    useServeStore.getState().setBusy(false, (err as Error).message);
  }
}

export async function savePortSettings(dir: string, patch: { maxBin?: string | null; python?: string | null; encoding?: string | null }): Promise<void> {
  try {
    await api.serve.settings(dir, patch);
  } catch (err) {
    useServeStore.getState().setBusy(false, (err as Error).message);
  }
  await refreshPlan(dir);
}
