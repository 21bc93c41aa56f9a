import { describe, expect, it } from 'vitest';
import { BringupError } from '../errors';
import { findPipeline, logitPipelines, resolveThresholds, THRESHOLD_KB } from './thresholds';

// Values as max-facts.md §5.2 quotes them from logit_verification_config.yaml (78 pipelines).
describe("thresholds from MAX's data", () => {
  it('the knowledge base holds every pipeline of the YAML with its line', () => {
    expect(THRESHOLD_KB.pipelines).toHaveLength(78);
    expect(THRESHOLD_KB.docs).toMatchObject({ kl: 0.01, cosDist: 0.001 });
    expect(THRESHOLD_KB.verify).toMatchObject({ kl: 0.001, cosDist: 0.001 });
    expect(THRESHOLD_KB.eps.value).toBe(1e-10);
    expect(findPipeline('meta-llama/Llama-3.1-8B-Instruct-float32')).toMatchObject({ kl: 8.6e-6, cosDist: 3.3e-6, atol: 2.4e-2, rtol: 7.8e-3, encoding: 'float32', line: 84 });
    expect(findPipeline('allenai/OLMo-2-1124-7B-float32')).toMatchObject({ kl: 4.6e-7, cosDist: 2.1e-5 });
    expect(findPipeline('Qwen/Qwen2.5-7B-Instruct-bfloat16')).toMatchObject({ kl: 0.5, cosDist: 0.05 });
    expect(logitPipelines().some((p) => p.images)).toBe(false);
  });

  it('the docs by default; the user over either; a pipeline by entry name or HF id and encoding', () => {
    expect(resolveThresholds({})).toMatchObject({ kl: 0.01, cosDist: 0.001, source: 'docs' });
    expect(resolveThresholds({ kl: 0.2 })).toMatchObject({ kl: 0.2, cosDist: 0.001, source: 'user' });
    expect(resolveThresholds({ pipeline: 'meta-llama/Llama-3.1-8B-Instruct', encoding: 'float32' })).toMatchObject({ kl: 8.6e-6, cosDist: 3.3e-6, source: 'max:meta-llama/Llama-3.1-8B-Instruct@float32' });
    expect(resolveThresholds({ pipeline: 'deepseek-ai/DeepSeek-V2-Lite-Chat-bfloat16', cosDist: 0.5 })).toMatchObject({ kl: 0.19, cosDist: 0.5, source: 'user' });
  });

  it("an entry without kl_div_threshold is judged by verify.py's default, as MAX's CI does", () => {
    const t = resolveThresholds({ pipeline: 'Qwen/Qwen3-4B-bfloat16' });
    expect(t).toMatchObject({ kl: 0.001, cosDist: 0.6 });
    expect(t.provenance).toContain("sets no kl_div_threshold: verify.py's default 0.001 decides");
  });

  it('refuses what MAX does not verify on logits, and says what exists', () => {
    const usage = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(BringupError);
        expect((err as BringupError).code).toBe('usage');
        return (err as Error).message;
      }
      throw new Error('no error');
    };
    expect(usage(() => resolveThresholds({ pipeline: 'black-forest-labs/FLUX.2-dev-t2i-bfloat16-v2' }))).toContain('image pipeline');
    expect(usage(() => resolveThresholds({ pipeline: 'google/gemma-4-31B-it-bfloat16' }))).toContain('has no thresholds');
    expect(usage(() => resolveThresholds({ pipeline: 'meta-llama/Llama-3.1-8B-Instruct' }))).toMatch(/give --encoding/);
    expect(usage(() => resolveThresholds({ pipeline: 'meta-llama/Llama-3.1-8B-Instruct', encoding: 'int4' }))).toMatch(/MAX verifies it at .*bfloat16/);
    expect(usage(() => resolveThresholds({ encoding: 'bfloat16' }))).toMatch(/give --pipeline too/);
    expect(usage(() => resolveThresholds({ pipeline: 'nobody/Llama-3.1' }))).toMatch(/not in MAX's logit verification config \(78 entries; similar:/);
  });
});
