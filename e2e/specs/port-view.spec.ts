import { editorText, expect, test } from '../support/fixtures';

test('first start shows the embedded TinyLlama example in both editors', async ({ app }) => {
  await expect(app.getByTestId('config-editor').locator('.monaco-editor')).toBeVisible();
  await expect(app.getByTestId('code-editor').locator('.monaco-editor')).toBeVisible();
  await expect.poll(() => editorText(app, 'config-editor')).toContain('"LlamaForCausalLM"');
  await expect.poll(() => editorText(app, 'code-editor')).toContain('@dataclass(kw_only=True)');
  await expect.poll(() => editorText(app, 'code-editor')).toContain('def initialize_from_config');
  // Nothing is ticked without evidence: the recorded steps are to do until their runs record them.
  await expect(app.getByTestId('step-validate-logits')).toHaveAttribute('data-state', 'todo');
  await expect(app.getByTestId('step-serve')).toHaveAttribute('data-state', 'todo');
});

test('clicking a config field reveals the line it produced, and back', async ({ app }) => {
  await expect.poll(() => editorText(app, 'code-editor')).toContain('initialize_from_config');
  const field = app.getByTestId('config-editor').locator('.view-line', { hasText: '"num_key_value_heads"' });
  await field.click();
  await expect(app.getByTestId('link-note')).toContainText(/num_key_value_heads → model_config\.py:\d+/);
  await expect(app.getByTestId('code-editor').locator('.linked-line').first()).toBeAttached();
  const line = Number(/model_config\.py:(\d+)/.exec((await app.getByTestId('link-note').innerText()))![1]);
  expect(line).toBeGreaterThan(0);
});

test('opening another example re-analyses it', async ({ app }) => {
  await app.getByTestId('examples').getByRole('button', { name: /^DeepSeek-V3/ }).click();
  await expect.poll(() => editorText(app, 'config-editor')).toContain('DeepseekV3ForCausalLM');
  await expect(app.getByTestId('summary')).toContainText('mla');
  // dtype says bfloat16; the Summary also says the weights are FP8 blocks.
  await expect(app.getByTestId('summary-weights')).toContainText('float8_e4m3fn');
  await expect(app.getByTestId('summary-weights')).toContainText('128×128 blocks');
});
