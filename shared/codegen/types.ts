import type { ConfigAnalysis, Diagnostic } from '../config/types';

/** One source-map entry: a generated line and the config.json field it came from. */
export interface SourceMapLine {
  /** 1-based line in the generated file. */
  line: number;
  /** Dotted path in config.json (may name a field absent from the file when the value is a transformers default). */
  configPath: string;
  /** One line: why this line reads that field. */
  why: string;
}

export interface GeneratedFile {
  /** Path inside the package folder, e.g. "model_config.py". */
  path: string;
  language: 'python' | 'markdown';
  content: string;
  lines: SourceMapLine[];
}

export interface WeightRename {
  from: string;
  to: string;
}

export interface GeneratePackageInput {
  analysis: ConfigAnalysis;
  /** The parsed config.json (never trusted: validated here). */
  config: unknown;
  /** A version from resources/kb/codegen/max-versions.json; default: its `default`. */
  maxVersion?: string;
  /** The registered name (SupportedArchitecture.name); default architectures[0]. */
  archName?: string;
  /** A MAX architectures folder to use as the donor instead of the analysis baseline. */
  baselineFolder?: string;
  /** Checkpoint-name -> MAX-name substring replacements from the weights step. */
  weightRenames?: WeightRename[];
  /** The checkpoint's weights format, when known from its files. */
  weightsFormat?: 'safetensors' | 'gguf';
  /** Hub repo id of the checkpoint, used as example_repo_ids. */
  repoId?: string;
}

export interface GeneratedPackage {
  packageName: string;
  maxVersion: string;
  files: GeneratedFile[];
  warnings: Diagnostic[];
}
