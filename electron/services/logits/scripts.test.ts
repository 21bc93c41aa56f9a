import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOGITS_HOOK_PRESETS } from '../../../shared/logits/hooks';
import { DEFAULT_PROMPTS, DEFAULT_STEPS, MAX_OUTPUT, REFERENCE_OUTPUT, renderLogitsScripts } from '../../../shared/logits/scripts';
import { compareFiles } from './compareFiles';
import { writeLogitsScripts } from './writeScripts';

// The generated scripts run here against the stand-ins of fixtures/python-standins (torch,
// transformers and MAX cannot be installed), put first on PYTHONPATH: every line of their I/O runs.
const STANDINS = join(__dirname, '../../../fixtures/python-standins');
const CHECKPOINT = join(STANDINS, 'tiny-checkpoint');
const PACKAGE = join(STANDINS, 'tiny_arch');
const root = mkdtempSync(join(tmpdir(), 'bringup-logits-scripts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
async function port(): Promise<string> {
  const dir = join(root, `port-${n++}`);
  const report = await writeLogitsScripts(dir);
  expect(report.written).toEqual(['logits/max_logits.py', 'logits/reference_logits.py']);
  return dir;
}

/** Runs a hook preset's argv as the runner would (cwd = the port), placeholders substituted. */
function runHook(dir: string, id: string, env: Record<string, string> = {}, extra: string[] = []) {
  const preset = LOGITS_HOOK_PRESETS.find((h) => h.id === id)!;
  const values: Record<string, string> = { '{python}': 'python3', '{servePath}': CHECKPOINT, '{package}': PACKAGE, '{checkpoint}': CHECKPOINT, '{encoding}': '', '{maxLength}': '' };
  const argv = preset.argv.map((a) => values[a] ?? a);
  const log = join(dir, 'calls.jsonl');
  const run = spawnSync(argv[0], [...argv.slice(1), ...extra], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: STANDINS, PYTHONDONTWRITEBYTECODE: '1', BRINGUP_STANDIN_LOG: log, ...env },
  });
  if (run.status !== 0) throw new Error(`${id} exited ${run.status}: ${run.stderr}`);
  const calls = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown> & { event: string });
  rmSync(log);
  return { stdout: run.stdout, stderr: run.stderr, calls };
}

describe('the generated logits scripts', () => {
  it('compile as Python', async () => {
    for (const script of renderLogitsScripts()) {
      const file = join(root, script.path.replace('/', '_'));
      writeFileSync(file, script.content);
      const res = spawnSync('python3', ['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', file], { encoding: 'utf8' });
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
    }
  });

  it('without MAX or torch installed: one line naming the module and the script, no traceback', async () => {
    const dir = await port();
    for (const [script, module] of [['logits/max_logits.py', 'max'], ['logits/reference_logits.py', 'torch']]) {
      // PYTHONPATH without the stand-ins: this machine's Python has numpy, not MAX or torch.
      const run = spawnSync('python3', [script, '--help'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONPATH: '' } });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`ModuleNotFoundError: No module named '${module}' (${script.slice('logits/'.length)}): run it with the Python where ${module === 'max' ? 'MAX is installed (pip install modular)' : 'torch and transformers are installed'}\n`);
    }
  });

  it('MAX then the reference, teacher-forced: golden JSON both, read back identical (KL 0, pass)', async () => {
    const dir = await port();
    const max = runHook(dir, 'max-logits');
    const retrieve = max.calls.find((c) => c.event === 'PipelineConfig.from_flat_kwargs')!;
    expect(retrieve.kwargs).toEqual({ model_path: CHECKPOINT, custom_architectures: [PACKAGE] });
    expect(max.calls.find((c) => c.event === 'PIPELINE_REGISTRY.retrieve')).toMatchObject({ architecture: 'TinyForCausalLM' });
    const generates = max.calls.filter((c) => c.event === 'generate');
    expect(generates.map((g) => g.prompt)).toEqual(DEFAULT_PROMPTS);
    for (const g of generates) expect(g).toMatchObject({ max_new_tokens: DEFAULT_STEPS, top_k: 1, ignore_eos: true, processors: 1 });

    const ref = runHook(dir, 'reference-logits');
    expect(ref.calls.find((c) => c.event === 'AutoModelForCausalLM.from_pretrained')).toMatchObject({ path: CHECKPOINT, torch_dtype: 'auto' });
    expect(ref.calls.find((c) => c.event === 'AutoTokenizer.from_pretrained')).toMatchObject({ path: CHECKPOINT });

    const { report } = await compareFiles(join(dir, REFERENCE_OUTPUT), join(dir, MAX_OUTPUT));
    expect(report.ref).toMatchObject({ format: 'golden-json', dtype: 'float32', shape: [DEFAULT_PROMPTS.length * DEFAULT_STEPS, 384] });
    expect(report.prompts.map((p) => p.text)).toEqual(DEFAULT_PROMPTS);
    expect(report.summary).toMatchObject({ maxKl: 0, maxCosDist: 0, mae: 0, top1Agreement: 1 });
    expect(report.verdict).toBe('pass');
  });

  it('a perturbed MAX run fails, and the reference follows its tokens, not its own argmax', async () => {
    const dir = await port();
    runHook(dir, 'max-logits', { BRINGUP_STANDIN_NOISE: '2.5' });
    const ref = runHook(dir, 'reference-logits');
    const golden = JSON.parse(readFileSync(join(dir, MAX_OUTPUT), 'utf8')) as { prompt: string; values: { next_token: number }[] }[];
    // Each forward pass of the reference sees the prompt plus MAX's tokens so far.
    const forwards = ref.calls.filter((c) => c.event === 'forward').map((c) => c.tokens as number[]);
    expect(forwards).toHaveLength(DEFAULT_PROMPTS.length * DEFAULT_STEPS);
    golden.forEach((p, i) => {
      for (let s = 1; s < DEFAULT_STEPS; s++) {
        const seen = forwards[i * DEFAULT_STEPS + s];
        expect(seen.slice(-s)).toEqual(p.values.slice(0, s).map((v) => v.next_token));
      }
    });
    const { report } = await compareFiles(join(dir, REFERENCE_OUTPUT), join(dir, MAX_OUTPUT));
    expect(report.verdict).toBe('fail');
    expect(report.summary.top1Agreement).toBeLessThan(1);
  });

  it('write the golden format byte for byte as MAX\'s NumpyEncoder does', async () => {
    const dir = await port();
    runHook(dir, 'max-logits', {}, ['--steps', '2']);
    // Decode as NumpyDecoder does and encode again with json's defaults and the same encoder rules.
    const check = spawnSync('python3', ['-c', `
import base64, json, sys
import numpy as np
class Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, np.ndarray):
            return {"__np__": base64.b64encode(o.tobytes()).decode("ascii"), "shape": o.shape, "dtype": str(o.dtype)}
        if isinstance(o, np.generic):
            return o.item()
        return json.JSONEncoder.default(self, o)
def hook(d):
    if "__np__" in d:
        return np.frombuffer(base64.b64decode(d["__np__"]), dtype=np.dtype(d["dtype"])).reshape(d["shape"])
    return d
text = open(sys.argv[1]).read()
data = json.JSONDecoder(object_hook=hook).decode(text)
for p in data:
    for v in p["values"]:
        v["next_token"] = np.int64(v["next_token"]); v["next_token_logits"] = np.float32(v["next_token_logits"])
print("same" if Enc().encode(data) == text else "different")
print(list(data[0]["values"][0].keys()), data[0]["values"][0]["logits"].dtype, data[0]["values"][0]["logits"].shape)
`, join(dir, MAX_OUTPUT)], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.stdout).toBe("same\n['next_token', 'next_token_logits', 'logits'] float32 (384,)\n");
  });

  it('regenerating keeps the user\'s edits: merged when clean, the new version beside it on a conflict', async () => {
    const dir = await port();
    const file = join(dir, 'logits/max_logits.py');
    const original = readFileSync(file, 'utf8');
    // The user edits the prompts; a new Bringup changes the steps: a clean merge.
    const edited = original.replace('PROMPTS = [\n', 'PROMPTS = [\n    "my own prompt",\n');
    writeFileSync(file, edited);
    const merged = await writeLogitsScripts(dir, { steps: 3 });
    expect(merged.merged).toEqual(['logits/max_logits.py']);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('"my own prompt",');
    expect(after).toContain('NUM_STEPS = 3');
    // Both change the same line: the user's file stays, the new one is written beside it.
    writeFileSync(file, after.replace('NUM_STEPS = 3', 'NUM_STEPS = 7'));
    const conflict = await writeLogitsScripts(dir, { steps: 4 });
    expect(conflict.conflicts).toEqual([{ path: 'logits/max_logits.py', newPath: 'logits/max_logits.py.new' }]);
    expect(readFileSync(file, 'utf8')).toContain('NUM_STEPS = 7');
    expect(readFileSync(`${file}.new`, 'utf8')).toContain('NUM_STEPS = 4');
    // A file Bringup never wrote is never overwritten.
    const other = join(root, 'foreign');
    const foreign = join(other, 'logits/reference_logits.py');
    mkdirSync(join(other, 'logits'), { recursive: true });
    writeFileSync(foreign, '# mine\n');
    const report = await writeLogitsScripts(other);
    expect(report.conflicts.map((c) => c.path)).toEqual(['logits/reference_logits.py']);
    expect(readFileSync(foreign, 'utf8')).toBe('# mine\n');
    expect(existsSync(`${foreign}.new`)).toBe(true);
  });
});
