import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeConfig } from '../config/analyze';
import { generatePackage } from '../codegen/generatePackage';
import type { Evidence } from '../project/schema';
import type { WeightsReport } from '../weights/types';
import { gatherBuildLayers } from './buildLayers';
import { evaluateChecklist, type ChecklistInput } from './evaluate';
import type { Gathered } from './findings';
import { gatherMapFields } from './mapFields';
import { gatherMapWeights, tensorPattern } from './mapWeights';
import { gatherRegister, registeredNameIn } from './register';
import { packageTodos } from './todos';

const config = (folder: string) => JSON.parse(readFileSync(`fixtures/corpus/${folder}/config.json`, 'utf8'));
const sha = (c: string) => c.repeat(64);
const AT = '2026-06-30T10:00:00.000Z';
const asEvidence = (g: Gathered, inputs: Record<string, string> = {}): Evidence => ({ at: AT, inputs, ok: g.ok, detail: g.detail, data: g.data });
const step = (input: ChecklistInput, id: string) => evaluateChecklist(input).find((s) => s.id === id)!;

describe('the checklist rules', () => {
  it('nothing is done without evidence: every step is todo, none is ticked', () => {
    expect(evaluateChecklist({ evidence: {} }).map((s) => s.state)).toEqual(['todo', 'todo', 'todo', 'todo', 'todo', 'todo']);
  });

  it('recorded runs: ok is done, not ok is blocked with the reason; an input changed since is stale', () => {
    const serve: Evidence = { at: AT, inputs: { 'pkg/model.py': sha('a'), '/ckpt/config.json': sha('b') }, ok: true, detail: 'ready; answered', data: { ready: true, readyAfterMs: 2500, smoke: { ok: true } } };
    const current = { 'pkg/model.py': sha('a'), '/ckpt/config.json': sha('b') };
    expect(step({ evidence: { serve }, current }, 'serve')).toMatchObject({ state: 'done', summary: 'ready in 2.5 s, answered', detail: 'ready; answered' });
    expect(step({ evidence: { serve: { ...serve, ok: false, detail: 'not ready: out-of-memory', data: { failure: { code: 'out-of-memory' } } } }, current }, 'serve'))
      .toMatchObject({ state: 'blocked', summary: 'failed: out-of-memory', detail: 'not ready: out-of-memory' });
    const stale = step({ evidence: { serve }, current: { ...current, 'pkg/model.py': sha('c') } }, 'serve');
    expect(stale).toMatchObject({ state: 'stale', summary: 'model.py changed', changed: ['pkg/model.py'] });
    expect(stale.detail).toMatch(/^1 input changed since 2026-06-30T10:00:00.000Z \(pkg\/model\.py\); it was done: ready; answered$/);
    // A file that is gone is a change too.
    expect(step({ evidence: { serve }, current: { ...current, '/ckpt/config.json': null } }, 'serve').state).toBe('stale');
    // A live preview (no current hashes) never goes stale.
    expect(step({ evidence: { serve } }, 'serve').state).toBe('done');
  });

  it('logits: the verdict and thresholds in the summary', () => {
    const logits: Evidence = { at: AT, inputs: {}, ok: true, detail: 'pass: max KL 3.2e-4 ≤ 0.01', data: { verdict: 'pass', summary: { maxKl: 3.2e-4 }, thresholds: { kl: 0.01, cosDist: 0.001, source: 'docs' } } };
    expect(step({ evidence: { 'validate-logits': logits } }, 'validate-logits')).toMatchObject({ state: 'done', summary: 'max KL 3.2e-4 ≤ 0.01' });
    expect(step({ evidence: { 'validate-logits': { ...logits, ok: false, data: { summary: { maxKl: 0.2 }, thresholds: { kl: 0.01 } } } } }, 'validate-logits')).toMatchObject({ state: 'blocked', summary: 'max KL 0.2 > 0.01' });
  });

  it('an unknown field keeps map-fields in progress until acknowledged with a reason, which is shown', () => {
    const raw = { ...config('meta-llama__Llama-3.1-8B'), my_custom_flag: true };
    const analysis = analyzeConfig(raw);
    const generated = generatePackage({ analysis, config: raw });
    const evidence = { 'map-fields': asEvidence(gatherMapFields({ analysis, generated })) };
    const open = step({ evidence }, 'map-fields');
    expect(open).toMatchObject({ state: 'in-progress', summary: '1 field to review' });
    expect(open.detail).toMatch(/^my_custom_flag is not in the knowledge base/);
    const ack = { step: 'map-fields' as const, finding: 'field:my_custom_flag', reason: 'logging switch of the training code; no effect on inference', at: AT };
    const done = step({ evidence, acknowledgements: [ack] }, 'map-fields');
    expect(done.state).toBe('done');
    expect(done.detail).toMatch(/\(1 finding acknowledged\)$/);
    expect(done.findings.find((f) => f.id === 'field:my_custom_flag')!.acknowledged).toEqual(ack);
    // An acknowledgement for another step, or of a finding that cannot be acknowledged, changes nothing.
    expect(step({ evidence, acknowledgements: [{ ...ack, step: 'map-weights' }] }, 'map-fields').state).toBe('in-progress');
  });

  it('map-fields: invalid JSON blocks; a dimension line removed from model_config.py on disk keeps it in progress', () => {
    expect(step({ evidence: { 'map-fields': asEvidence(gatherMapFields({ configError: 'config.json:3:5: expected a comma' })) } }, 'map-fields'))
      .toMatchObject({ state: 'blocked', detail: 'config.json:3:5: expected a comma' });
    const raw = config('meta-llama__Llama-3.1-8B');
    const analysis = analyzeConfig(raw);
    const generated = generatePackage({ analysis, config: raw });
    const onDisk = Object.fromEntries(generated.files.map((f) => [f.path, f.content]));
    expect(step({ evidence: { 'map-fields': asEvidence(gatherMapFields({ analysis, generated, onDisk })) } }, 'map-fields').state).toBe('done');
    const file = generated.files.find((f) => f.path === 'model_config.py')!;
    const line = file.lines.find((l) => l.configPath === 'rope_theta')!.line;
    const edited = file.content.split('\n').filter((_, i) => i !== line - 1).join('\n');
    const broken = step({ evidence: { 'map-fields': asEvidence(gatherMapFields({ analysis, generated, onDisk: { ...onDisk, 'model_config.py': edited } })) } }, 'map-fields');
    expect(broken.state).toBe('in-progress');
    expect(broken.detail).toMatch(/^rope_theta: the line that reads it \(model_config\.py:\d+ of a fresh generation\) is not in model_config\.py on disk/);
  });

  it('build-layers: a TODO naming a feature keeps it from done; review notes do not', () => {
    const family = config('microsoft__phi-1');
    const pkg = generatePackage({ analysis: analyzeConfig(family), config: family });
    const files = Object.fromEntries(pkg.files.map((f) => [f.path, f.content]));
    const todos = packageTodos(pkg.files).filter((t) => t.feature);
    expect(todos.length).toBeGreaterThan(0);
    const open = step({ evidence: { 'build-layers': asEvidence(gatherBuildLayers({ files })) } }, 'build-layers');
    expect(open).toMatchObject({ state: 'in-progress', summary: `${todos.length} TODO${todos.length > 1 ? 's' : ''} left` });
    // The user implements them and deletes the markers; notes (weight_adapters.py's) stay and do not block.
    const implemented = { ...files, 'model.py': files['model.py'].split('\n').filter((l) => !/TODO\(bringup\) \[/.test(l)).join('\n') };
    const done = step({ evidence: { 'build-layers': asEvidence(gatherBuildLayers({ files: implemented })) } }, 'build-layers');
    expect(done.state).toBe('done');
    expect(done.findings.some((f) => f.level === 'note')).toBe(true);
    expect(step({ evidence: { 'build-layers': asEvidence(gatherBuildLayers({ files: { ...files, 'model.py': null } })) } }, 'build-layers').state).toBe('blocked');
  });

  it('register: a built-in name on a MAX that refuses overrides is blocked; the serve config must name what arch.py registers', () => {
    const arch = (name: string) => `x = dataclasses.replace(\n    _donor_arch,\n    name="${name}",\n)\n`;
    expect(registeredNameIn(arch('LlamaForCausalLMPort'))).toBe('LlamaForCausalLMPort');
    const init = 'ARCHITECTURES = [llama_arch]\n';
    const served = (name: string) => ({ label: 'checkpoint/config.json', text: JSON.stringify({ architectures: [name], hidden_size: 8 }) });
    const folder = { links: 'symlink' as const, weightPaths: [], needsDownload: false, broken: [] };
    const base = { archPy: arch('LlamaForCausalLMPort'), initPy: init, maxVersion: '26.5.0.dev2026062514', served: served('LlamaForCausalLMPort'), portConfigText: JSON.stringify({ architectures: ['LlamaForCausalLM'], hidden_size: 8 }), serveFolder: folder, needsServeFolder: true };
    const judge = (input: Partial<Parameters<typeof gatherRegister>[0]>) => step({ evidence: { register: asEvidence(gatherRegister({ ...base, ...input })) } }, 'register');
    expect(judge({})).toMatchObject({ state: 'done', summary: 'as LlamaForCausalLMPort' });
    expect(judge({ archPy: arch('LlamaForCausalLM'), served: served('LlamaForCausalLM') })).toMatchObject({ state: 'blocked', summary: 'built-in name refused' });
    expect(judge({ archPy: arch('LlamaForCausalLM'), served: served('LlamaForCausalLM'), maxVersion: '26.4' }).state).toBe('in-progress');
    expect(judge({ served: served('LlamaForCausalLM') }).detail).toMatch(/^max serve reads architectures\[0\] = "LlamaForCausalLM" from checkpoint\/config\.json, but arch\.py registers "LlamaForCausalLMPort"/);
    expect(judge({ portConfigText: JSON.stringify({ architectures: ['LlamaForCausalLM'], hidden_size: 16 }) })).toMatchObject({ state: 'in-progress' });
    expect(judge({ serveFolder: { ...folder, broken: ['checkpoint/model.safetensors'] } }).state).toBe('blocked');
    expect(judge({ initPy: '# nothing\n' }).detail).toMatch(/does not define ARCHITECTURES/);
  });

  it('map-weights: a contradiction blocks with a quick fix; unmapped tensors group by pattern and may be acknowledged', () => {
    const report = {
      format: 'safetensors', files: [{ name: 'model.safetensors', bytes: 1, headerBytes: 1, tensorCount: 4 }], tensorCount: 4, parameterCount: 10,
      checks: [{ field: 'num_key_value_heads', status: 'mismatch', expected: 8, actual: 4, tensor: 'model.layers.0.self_attn.k_proj.weight', message: '' }],
      shapeMismatches: [],
      mapping: { baseline: 'llama3', known: true, mapped: 2, unmappedCheckpoint: ['model.layers.0.extra.weight', 'model.layers.1.extra.weight'], unfilledModel: [], renames: [], dropped: [], fused: [], tiedLmHead: false, strict: true },
    } as unknown as WeightsReport;
    const blocked = step({ evidence: { 'map-weights': asEvidence(gatherMapWeights({ report })) } }, 'map-weights');
    expect(blocked).toMatchObject({ state: 'blocked', summary: '1 field contradicted' });
    expect(blocked.findings[0]).toMatchObject({ fix: { path: 'num_key_value_heads', value: 4, label: 'Set num_key_value_heads to 4, as the weights say' } });
    const agreed = { ...report, checks: [{ ...report.checks[0], status: 'ok', expected: 4 }] } as WeightsReport;
    const evidence = { 'map-weights': asEvidence(gatherMapWeights({ report: agreed })) };
    const open = step({ evidence }, 'map-weights');
    expect(open.state).toBe('in-progress');
    expect(open.findings.map((f) => f.id)).toEqual(['tensor:model.layers.*.extra.weight']);
    expect(tensorPattern('model.layers.12.mlp.experts.3.w1')).toBe('model.layers.*.mlp.experts.*.w1');
    const ack = { step: 'map-weights' as const, finding: 'tensor:model.layers.*.extra.weight', reason: 'saved buffer, not used at inference', at: AT };
    expect(step({ evidence, acknowledgements: [ack] }, 'map-weights').state).toBe('done');
    expect(step({ evidence: { 'map-weights': asEvidence(gatherMapWeights({ noWeights: 'config.json only' })) } }, 'map-weights')).toMatchObject({ state: 'todo', detail: 'config.json only' });
  });
});
