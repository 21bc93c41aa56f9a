/**
 * The Validate-logits actions as plain functions (for the panel and the command palette): choose or
 * drop two files, compare them (by path in the services, recorded as the port's evidence; dropped
 * files in a Web Worker), write the generated scripts, run the logits hooks, probe a server.
 */
import { logitPipelines, type ThresholdRequest } from '@shared/logits/thresholds';
import { MAX_OUTPUT, REFERENCE_OUTPUT } from '@shared/logits/scripts';
import { LOGITS_HOOK_PRESETS } from '@shared/logits/hooks';
import type { RunStatus } from '@shared/serve/types';
import { api, client, pathForFile } from '../../platform/bridge';
import { usePortStore } from '../port/portStore';
import { portDirFor, useProjectStore } from '../project/projectStore';
import CompareWorker from './compare.worker?worker';
import type { CompareJob, WorkerMessage } from './compare.worker';
import { useLogitsStore, type LogitsInput } from './logitsStore';

const store = () => useLogitsStore.getState();

/** The port folder written for the open checkpoint, if any (where evidence is recorded). */
export function currentPortDir(): string | null {
  return portDirFor(useProjectStore.getState(), usePortStore.getState().checkpoint?.source);
}

export function setLogitsInput(side: 'ref' | 'cand', input: LogitsInput | null): void {
  store().set({ [side]: input, error: null });
}

/** A file picked for one side (desktop: by its path; browser: the File itself). */
export function chooseLogitsFile(side: 'ref' | 'cand', file: File): void {
  const path = pathForFile(file);
  setLogitsInput(side, path ? { kind: 'path', path } : { kind: 'file', file });
}

/**
 * Dropped files: named ones go to their side ("ref"/"reference"/"torch" → REF,
 * "max"/"cand" → CAND), the rest fill the empty sides in order. On desktop a File has a path.
 */
export function dropLogitsFiles(files: File[]): void {
  const inputs = files.slice(0, 2).map((file): { input: LogitsInput; name: string } => {
    const path = pathForFile(file);
    return { input: path ? { kind: 'path', path } : { kind: 'file', file }, name: file.name.toLowerCase() };
  });
  const s = store();
  let ref = s.ref;
  let cand = s.cand;
  const rest: LogitsInput[] = [];
  for (const { input, name } of inputs) {
    if (/(^|[^a-z])(ref|reference|torch|hf)([^a-z]|$)/.test(name)) ref = input;
    else if (/(^|[^a-z])(max|cand|candidate)([^a-z]|$)/.test(name)) cand = input;
    else rest.push(input);
  }
  for (const input of rest) {
    if (inputs.length === 2 ? ref === s.ref : !ref) ref = input;
    else cand = input;
  }
  s.set({ ref, cand, error: null });
}

/** The hooks' outputs in the port (logits/reference.golden.json, logits/max.golden.json). */
export function chooseHookOutputs(): void {
  const dir = currentPortDir();
  if (!dir) return store().set({ error: 'Write the package first: the hooks write into the port folder.' });
  store().set({ ref: { kind: 'path', path: `${dir}/${REFERENCE_OUTPUT}` }, cand: { kind: 'path', path: `${dir}/${MAX_OUTPUT}` }, error: null });
}

function thresholdRequest(): ThresholdRequest | string {
  const s = store();
  const request: ThresholdRequest = {};
  for (const [key, text, flag] of [['kl', s.kl, 'KL threshold'], ['cosDist', s.cos, 'cosine threshold']] as const) {
    if (text.trim() === '') continue;
    const x = Number(text);
    if (!Number.isFinite(x) || x < 0) return `${flag} ${text}: give a number >= 0 (e.g. 1e-2)`;
    request[key] = x;
  }
  if (s.pipeline) {
    const entry = logitPipelines().find((p) => p.key === s.pipeline);
    if (entry) {
      request.pipeline = entry.key;
      request.encoding = entry.encoding;
    }
  }
  return request;
}

let worker: Worker | null = null;

export async function compareLogitsFiles(): Promise<void> {
  const s = store();
  if (!s.ref || !s.cand) return s.set({ error: 'Choose two files: REF (the transformers run) and CAND (the MAX run).' });
  const request = thresholdRequest();
  if (typeof request === 'string') return s.set({ error: request });
  s.set({ status: 'running', progress: null, error: null, result: null, tokens: {}, tokenizer: null });
  if (s.ref.kind === 'path' && s.cand.kind === 'path') {
    try {
      const port = currentPortDir();
      const { report, recordedIn } = await api.logits.compare(s.ref.path, s.cand.path, { ...request, ...(port ? { port } : {}) });
      store().set({ status: 'done', result: { report, recordedIn, computedIn: 'service' } });
      void loadTokens();
    } catch (err) {
      store().set({ status: 'error', error: (err as Error).message });
    }
    return;
  }
  if (s.ref.kind !== 'file' || s.cand.kind !== 'file') return s.set({ status: 'error', error: 'Give both sides as dropped files or both as paths.' });
  worker?.terminate();
  const w = new CompareWorker();
  worker = w;
  await new Promise<void>((resolve) => {
    w.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const m = event.data;
      if (m.type === 'progress') store().set({ progress: { done: m.done, total: m.total } });
      else {
        store().set(m.type === 'done' ? { status: 'done', result: { report: m.report, recordedIn: null, computedIn: 'browser' } } : { status: 'error', error: m.message });
        w.terminate();
        if (worker === w) worker = null;
        resolve();
      }
    };
    w.onerror = (event) => {
      store().set({ status: 'error', error: `the comparison worker failed: ${event.message}` });
      resolve();
    };
    const job: CompareJob = { ref: (s.ref as { file: File }).file, cand: (s.cand as { file: File }).file, request };
    w.postMessage(job);
  });
  void loadTokens();
}

export function cancelComparison(): void {
  worker?.terminate();
  worker = null;
  store().set({ status: 'idle', progress: null });
}

/** The worst positions' top-5 tokens as text, with the checkpoint's tokenizer.json when it has one. */
export async function loadTokens(): Promise<void> {
  const result = store().result;
  const dir = usePortStore.getState().checkpoint?.dir;
  if (!result || !dir) return;
  const ids = [...new Set(result.report.worst.flatMap((w) => [...w.ref.ids, ...w.cand.ids]).filter((id) => id >= 0))];
  try {
    const decoded = await api.logits.tokens(dir, ids);
    if (decoded.tokenizer) store().set({ tokens: Object.fromEntries(ids.map((id, i) => [id, decoded.tokens[i]])), tokenizer: decoded.tokenizer });
  } catch {
    // Tokens stay as ids; the comparison itself stands.
  }
}

export async function writeLogitsScripts(): Promise<void> {
  const dir = currentPortDir();
  if (!dir) return store().set({ error: 'Write the package first: the scripts go into the port folder.' });
  try {
    store().set({ scripts: await api.logits.writeScripts(dir), error: null });
  } catch (err) {
    store().set({ error: (err as Error).message });
  }
}

/**
 * Runs the two logits hooks through the hook runner, on the machine the services run on (in browser
 * mode, the GPU server): the scripts are written first (merging your edits), then MAX greedy, then the
 * reference teacher-forced on MAX's tokens; their two golden files are compared and recorded as the
 * port's evidence. A hook that fails stops the sequence with its exit code and log.
 */
export async function runLogitsHooks(): Promise<void> {
  const dir = currentPortDir();
  if (!dir) return store().set({ error: 'Write the package first: the hooks run in the port folder.' });
  store().set({ error: null, scripts: null });
  try {
    store().set({ scripts: await api.logits.writeScripts(dir) });
    for (const preset of LOGITS_HOOK_PRESETS) {
      store().set({ note: `Running “${preset.title}”…` });
      const started = await api.hooks.run(dir, preset.id);
      store().set({ hookRun: started.runId });
      const ended = await runToEnd(started);
      store().set({ hookRun: null });
      if (ended.stop) return store().set({ note: `${preset.title}: stopped (${ended.stop.signal ?? 'ended'} after ${ended.stop.tookMs} ms); nothing compared.` });
      if (ended.exitCode !== 0) {
        const how = ended.exitCode === null ? `ended by ${ended.signal ?? 'a signal'}` : `exited with ${ended.exitCode}`;
        return store().set({ note: null, error: `${preset.title} ${how}${ended.failure ? `: ${ended.failure.line}` : ''} (its log: ${ended.log})` });
      }
    }
    store().set({ note: null });
    chooseHookOutputs();
    await compareLogitsFiles();
  } catch (err) {
    store().set({ note: null, hookRun: null, error: (err as Error).message });
  }
}

/** Stops the logits hook that is running (its whole process group, as the Serve panel's Stop does). */
export async function stopLogitsHooks(): Promise<void> {
  const runId = store().hookRun;
  if (!runId) return;
  try {
    await api.serve.stop(runId);
  } catch (err) {
    store().set({ error: (err as Error).message });
  }
}

/** A command hook's run, once it has ended (its status events). */
function runToEnd(started: RunStatus): Promise<RunStatus> {
  if (started.endedAt) return Promise.resolve(started);
  return new Promise((resolve) => {
    const off = client.on('onRunStatus', (status) => {
      if (status.runId !== started.runId || !status.endedAt) return;
      off();
      resolve(status);
    });
    // It may have ended between the start and the subscription.
    void api.serve.status(started.runId).then((now) => {
      if (!now.endedAt) return;
      off();
      resolve(now);
    }, () => undefined);
  });
}

export async function probeServer(): Promise<void> {
  const s = store();
  const reference = s.ref?.kind === 'path' ? s.ref.path : null;
  if (!reference) return s.set({ error: 'The probe needs REF as a path: a reference golden file (it names the prompts).' });
  s.set({ probing: true, probe: null, error: null });
  try {
    const dir = usePortStore.getState().checkpoint?.dir;
    const probe = await api.logits.probe({ url: s.probeUrl, reference, ...(dir ? { tokenizer: dir } : {}) });
    store().set({ probe, probing: false });
  } catch (err) {
    store().set({ probing: false, error: (err as Error).message });
  }
}

/** The comparison as JSON (the contract's `bringup logits --json`), downloaded. */
export function exportLogitsReport(): void {
  const result = store().result;
  if (!result) return;
  const blob = new Blob([JSON.stringify(result.report, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'logits-comparison.json';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 0);
}
