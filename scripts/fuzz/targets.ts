/**
 * The fuzz registry: every target `npm run fuzz` runs. Adding one is one line here, after writing
 * it with defineTarget (see README.md in this folder).
 */
import type { FuzzTarget } from './harness';
import { codegen } from './targets/codegen';
import { configAnalyze, configParse } from './targets/config';
import { gguf } from './targets/gguf';
import { logits } from './targets/logits';
import { safetensorsHeader, safetensorsIndex } from './targets/safetensors';

export const targets: FuzzTarget[] = [configParse, configAnalyze, codegen, safetensorsHeader, safetensorsIndex, gguf, logits];
