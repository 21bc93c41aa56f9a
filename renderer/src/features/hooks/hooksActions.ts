import type { Hook } from '@shared/project/schema';
import { api } from '../../platform/bridge';
import { useServeStore } from '../serve/serveStore';
import { followServeEvents } from '../serve/serveActions';
import { useHooksStore } from './hooksStore';

/** The port's hooks, as plain functions (the command palette registers them as they are). */
export async function loadHooks(dir: string): Promise<void> {
  try {
    useHooksStore.getState().loaded(dir, await api.hooks.list(dir));
  } catch (err) {
    useHooksStore.getState().failed((err as Error).message);
  }
}

export async function saveHook(dir: string, hook: Hook): Promise<boolean> {
  try {
    await api.hooks.save(dir, hook);
    await loadHooks(dir);
    return true;
  } catch (err) {
    useHooksStore.getState().failed((err as Error).message);
    return false;
  }
}

export async function removeHook(dir: string, id: string): Promise<void> {
  try {
    await api.hooks.remove(dir, id);
  } catch (err) {
    useHooksStore.getState().failed((err as Error).message);
  }
  await loadHooks(dir);
}

/** Runs a hook; its log shows in the Serve panel's terminal. */
export async function runHook(dir: string, id: string): Promise<void> {
  followServeEvents();
  try {
    const status = await api.hooks.run(dir, id);
    useServeStore.getState().setRun(status);
    useServeStore.getState().show(dir, status.runId);
  } catch (err) {
    useHooksStore.getState().failed((err as Error).message);
  }
}
