/**
 * The cases issue 12 names, each against what MAX's source says (resources/kb/max/donors.json) and,
 * where it runs, on the stub built from those facts (one python3 process, in beforeAll).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { autoConfigStandIn } from '../../fixtures/max-stub/autoConfig';
import { runStubBatch, type StubCase, type StubOutcomes } from '../../fixtures/max-stub/stubBatch';
import { analyzeConfig } from '../config/analyze';
import { resolveDonor } from './donor';
import { generatePackage, type GeneratedPackageResult } from './generatePackage';

const CORPUS = resolve(__dirname, '../../fixtures/corpus');
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const corpus = (name: string) => read(join(CORPUS, name, 'config.json'));
const GPT2 = read(resolve(__dirname, '../../fixtures/codegen/gpt2/config.json'));
const TINYLLAMA = read(resolve(__dirname, '../../resources/examples/tinyllama-1.1b-chat/config.json'));
const file = (pkg: GeneratedPackageResult, path: string) => pkg.files.find((f) => f.path === path)!.content;
const generate = (raw: Record<string, unknown>, extra: { baselineFolder?: string } = {}) => generatePackage({ analysis: analyzeConfig(raw), config: raw, ...extra });

const work = mkdtempSync(join(tmpdir(), 'bringup-donor-truth-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const stubCases: StubCase[] = [];
let stub: StubOutcomes;
beforeAll(async () => { stub = await runStubBatch(stubCases, work); }, 120_000);

/** Writes the package and queues MAX's registry path (arch.config.initialize) on the stub, with the AutoConfig stand-in. */
function initializeOnStub(id: string, raw: Record<string, unknown>, pkg: GeneratedPackageResult, encoding: string): string {
  const dir = join(work, id, pkg.packageName);
  mkdirSync(dir, { recursive: true });
  for (const f of pkg.files) writeFileSync(join(dir, f.path), f.content);
  stubCases.push({ id, kind: 'initialize', package_dir: dir, request: { config: autoConfigStandIn(raw, analyzeConfig(raw)), encoding, max_length: null } });
  return id;
}

describe('the config reaches the graph, for the donors the issue names', () => {
  test('llama3: LlamaModelBase._build_graph builds Llama3Config by name (llama3/model.py:218): the generated model swaps it for the call', () => {
    const llama3 = resolveDonor('llama3')!;
    expect(llama3.sites.find((s) => s.reach.how === 'scoped-global')).toMatchObject({
      place: { path: 'max/python/max/pipelines/architectures/llama3/model.py', line: 218, method: '_build_graph', class: 'LlamaModelBase' },
      reach: { how: 'scoped-global', module: 'max.pipelines.architectures.llama3.model', name: 'Llama3Config' },
    });
    expect(llama3.sites.filter((s) => s.reach.how === 'attribute').map((s) => s.reach.how === 'attribute' && s.reach.attribute)).toContain('model_config_cls');
    const model = file(generate(TINYLLAMA), 'model.py');
    expect(model).toContain('with _building(_llama3_model, "Llama3Config", LlamaForCausalLMConfig):');
    expect(model).toContain('    model_config_cls = LlamaForCausalLMConfig');
  });

  test('qwen3: Qwen3Model._build_graph calls Qwen3Config.initialize_from_config (qwen3/model.py:200); deepseekV3: DeepseekV3Model._create_model_config calls DeepseekV3Config.initialize (deepseekV3/model.py:189)', () => {
    const at = (folder: string) => resolveDonor(folder)!.sites.filter((s) => s.reach.how === 'scoped-global').map((s) => `${s.place.path.split('/').slice(-2).join('/')}:${s.place.line} ${s.calls}`);
    expect(at('qwen3')).toEqual(['qwen3/model.py:200 initialize_from_config']);
    expect(at('deepseekV3')).toEqual(['deepseekV3/model.py:189 initialize']);
    expect(file(generate(corpus('Qwen__Qwen3-8B')), 'model.py')).toContain('with _building(_qwen3_model, "Qwen3Config", Qwen3ForCausalLMConfig):');
    expect(file(generate(corpus('deepseek-ai__DeepSeek-V3')), 'model.py')).toContain('with _building(_deepseekV3_model, "DeepseekV3Config", DeepseekV3ForCausalLMConfig):');
  });

  test('qwen2: MAX itself builds Llama3Config (not Qwen2Config) in the graph: the port adds its fields to a Llama3Config sibling for that call', () => {
    const pkg = generate(corpus('Qwen__Qwen2.5-3B'));
    expect(file(pkg, 'model_config.py')).toContain('class _Qwen2ForCausalLMAsLlama3Config(_Llama3Config):');
    expect(file(pkg, 'model.py')).toContain('with _building(_llama3_model, "Llama3Config", _Qwen2ForCausalLMAsLlama3Config):');
    expect(pkg.configReach.find((r) => r.how === 'scoped-global')).toMatchObject({ standIn: '_Qwen2ForCausalLMAsLlama3Config', site: { line: 218 } });
    expect(pkg.blockers.filter((b) => b.id === 'config-reach')).toEqual([]);
  });
});

describe('advice that reads the donor', () => {
  test('no TODO copies a feature from the donor the package already is: QK norm on qwen3, MLA on deepseekV3, Gemma 3 on gemma3multimodal', () => {
    for (const [name, donor] of [['Qwen__Qwen3-8B', 'qwen3'], ['deepseek-ai__DeepSeek-V3', 'deepseekV3'], ['google__gemma-3-4b-it', 'gemma3multimodal']] as const) {
      const pkg = generate(corpus(name));
      expect(pkg.donor.folder).toBe(donor);
      expect(pkg.todos.filter((t) => !t.id.startsWith('quantized:')), name).toEqual([]);
    }
  });

  test('DeepSeek-V3 on the qwen3 donor: the MoE TODO names the shared experts qwen3 lacks and where MAX has them', () => {
    const pkg = generate(corpus('deepseek-ai__DeepSeek-V3'), { baselineFolder: 'qwen3' });
    const moe = pkg.todos.find((t) => t.id === 'moe');
    expect(moe?.text).toMatch(/^\[moe\] shared experts beside the routed ones: the qwen3 donor's Qwen3Config reads none of n_shared_experts/);
    expect(moe?.implementedIn.map((e) => e.folder)).toContain('deepseekV2');
    expect(moe?.implementedIn[0]).toMatchObject({ evidence: 'reads n_shared_experts' });
    // and MLA is a TODO there (qwen3 has none), naming the donors whose config reads kv_lora_rank
    expect(pkg.todos.find((t) => t.id === 'mla')?.implementedIn.map((e) => e.folder)).toEqual(expect.arrayContaining(['deepseekV2', 'deepseekV3']));
  });

  test('yarn on DeepseekV3Config is the donor\'s own: no "Llama3Config ignores yarn" TODO; linear RoPE on deepseekV3 is refused, citing its check', () => {
    expect(generate(corpus('deepseek-ai__DeepSeek-V3'), { baselineFolder: 'deepseekV3' }).todos.map((t) => t.id)).not.toContain('rope-scaling:yarn');
    const gemma = corpus('google__gemma-3-4b-it');
    const onDeepseek = generate({ ...(gemma.text_config as object), architectures: ['Gemma3ForCausalLM'], model_type: 'gemma3_text' }, { baselineFolder: 'deepseekV3' });
    expect(onDeepseek.todos.find((t) => t.id === 'rope-scaling:linear')?.text).toMatch(/the deepseekV3 donor refuses it: "'yarn' is the only rope_scaling type currently supported" \(max\/python\/max\/pipelines\/architectures\/deepseekV3\/model_config\.py:113, DeepseekV3Config\.__post_init__\)/);
  });

  test('encodings come from the donor\'s arch.py: float16 on llama3 is a blocker, not a silent line; a float32 GPT-2 gets float32, not llama3\'s q4_k', () => {
    const fp16 = generate({ ...TINYLLAMA, torch_dtype: 'float16' });
    expect(fp16.blockers.map((b) => b.id)).toContain('encoding:float16');
    expect(fp16.blockers.find((b) => b.id === 'encoding:float16')!.source).toMatchObject({ path: 'max/python/max/pipelines/architectures/llama3/arch.py', line: 37 });
    const gpt2 = generate(GPT2, { baselineFolder: 'llama3' });
    expect(file(gpt2, 'arch.py')).toContain('default_encoding="float32",');
    expect(gpt2.blockers.map((b) => b.id)).not.toContain('encoding:float32');
  });

  test('Gemma 3: the donor reads hidden_activation and maps gelu_pytorch_tanh to gelu_tanh itself (_HIDDEN_ACTIVATION_MAP); linear rope_scaling is shown as read', () => {
    const gemma3 = resolveDonor('gemma3')!;
    expect(gemma3.activation.reads.map((r) => r.attr)).toContain('hidden_activation');
    expect(gemma3.activation.map?.entries.get('gelu_pytorch_tanh')).toBe('gelu_tanh');
    expect(gemma3.features['rope-scaling:linear'].evidence[0]).toMatchObject({ path: 'max/python/max/pipelines/architectures/gemma3/model_config.py' });
    const pkg = generate(corpus('HakunaMatata888__gemma2-2b-it-poem'));
    expect(pkg.donor.folder).toBe('gemma3');
    expect(pkg.todos.map((t) => t.id)).not.toContain('hidden-act');
    const config = file(generate(corpus('google__gemma-3-4b-it')), 'model_config.py');
    expect(config).toMatch(/# {3}rope_scaling = object: read by Gemma3Config\.initialize_from_config \(gemma3\/model_config\.py:224\)/);
  });

  test('Qwen3.5: layer_types, which Qwen3_5Config declares and sets, is neither redeclared nor assigned', () => {
    const qwen35 = resolveDonor('qwen3_5')!;
    expect(qwen35.config.fields.has('layer_types')).toBe(true);
    expect(qwen35.config.sets.has('layer_types')).toBe(true);
    const raw = { ...corpus('Qwen__Qwen3-8B'), architectures: ['Qwen3_5ForCausalLM'], layer_types: Array(36).fill('full_attention') };
    const pkg = generate(raw, { baselineFolder: 'qwen3_5' });
    expect(file(pkg, 'model_config.py')).not.toMatch(/layer_types: |config\.layer_types =/);
    expect(pkg.warnings.find((w) => w.code === 'codegen-field-clash' && w.path === 'layer_types')).toBeDefined();
  });
});

describe('fields the donor reads without a default', () => {
  const mixtral = corpus('alpindale__WizardLM-2-8x22B');
  const mixtralPkg = generate(mixtral);
  const mixtralRun = initializeOnStub('mixtral', mixtral, mixtralPkg, 'bfloat16');
  const gpt2 = generate(GPT2, { baselineFolder: 'llama3' });

  test('Mixtral on qwen3: num_experts comes from num_local_experts, so the MoE stays 8 experts (Qwen3Config reads num_experts with default 0)', () => {
    expect(file(mixtralPkg, 'model_config.py')).toContain('"num_experts": ("attribute", "num_local_experts"),');
    const run = stub.get(mixtralRun);
    expect(run.stderr).toBe('');
    expect(run.result.values.num_experts).toBe(8);
    expect(run.result.values.num_experts_per_tok).toBe(2);
  });

  test('GPT-2 on llama3: num_key_value_heads is supplied with transformers\' value (MHA: 12); intermediate_size, which no one gives, is a blocker naming Llama3Config\'s read', () => {
    expect(file(gpt2, 'model_config.py')).toContain('"num_key_value_heads": ("value", 12),');
    expect(gpt2.blockers.find((b) => b.id === 'config-field:intermediate_size')).toMatchObject({
      source: { path: 'max/python/max/pipelines/architectures/llama3/model_config.py', line: 318, in: 'Llama3Config.initialize_from_config' },
    });
    expect(gpt2.buildLayersOpen).toContain('config-field:intermediate_size');
    expect(file(gpt2, 'model.py')).toContain('# TODO(bringup) [config-field:intermediate_size]');
  });
});

describe('weight adapters compose with the donor\'s', () => {
  test('llama3: the port\'s adapter calls llama3\'s own, which applies --cast and drops GPTQ\'s unused keys', () => {
    const adapters = file(generate(TINYLLAMA), 'weight_adapters.py');
    expect(adapters).toContain('return _donor_arch.weight_adapters[WeightsFormat.safetensors](_renamed(state_dict), **kwargs)');
    expect(adapters).toContain('return _donor_arch.weight_adapters[WeightsFormat.gguf](_renamed(state_dict), **kwargs)');
    expect(adapters).toMatch(/# {3}applies the --cast dtype conversion \(llama3\/weight_adapters\.py:66\)/);
    expect(adapters).toMatch(/# {3}drops tensors \(llama3\/weight_adapters\.py:96\)/);
  });

  test('the weights step\'s list is split: the checkpoint\'s fix-ups are the port\'s, the donor\'s own map is left to the donor\'s adapter', () => {
    const renames = [{ from: 'language_model.model.', to: 'model.' }, { from: 'model.', to: '' }, { from: 'g_idx', to: 'perm_idx' }];
    const adapters = file(generatePackage({ analysis: analyzeConfig(TINYLLAMA), config: TINYLLAMA, weightRenames: renames, weightsFormat: 'safetensors' }), 'weight_adapters.py');
    expect(adapters).toContain('CHECKPOINT_RENAMES = WEIGHT_RENAMES[:1]');
  });
});
