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
  /** Checkpoint-name -> MAX-name substring replacements from the weights step (prefix fix-ups, then the donor's map). */
  weightRenames?: WeightRename[];
  /** The checkpoint's weights format, when known from its files. */
  weightsFormat?: 'safetensors' | 'gguf';
  /** Hub repo id of the checkpoint, used as example_repo_ids. */
  repoId?: string;
}

/** A place in MAX's source (repository path at the KB's commit, 1-based line, symbol). */
export interface MaxSourcePlace { path: string; line: number; in?: string }

/** Something left to do by hand: a feature the donor's code lacks (by analysis feature id), hidden-act, quantized:<m>, config. */
export interface PackageTodo {
  id: string;
  text: string;
  configPath?: string;
  /** MAX architectures whose code has it, with the evidence read from their source. */
  implementedIn: Array<{ folder: string; name: string; evidence: string } & MaxSourcePlace>;
}

/** What the generated package cannot make right on its own: config-reach, config-field:<name>, encoding:<encoding>. */
export interface PackageBlocker { id: string; message: string; source?: MaxSourcePlace; configPath?: string }

/** How the generated config reaches one place where the donor builds or consults its config. */
export interface ConfigReachFact {
  site: MaxSourcePlace & { method: string; calls: string };
  how: 'arch-config' | 'attribute' | 'scoped-global' | 'blocked';
  /** The generated class that stands in there (the port's config, or its sibling on the class the donor names). */
  standIn: string | null;
  detail: string;
}

export interface GeneratedPackage {
  packageName: string;
  maxVersion: string;
  files: GeneratedFile[];
  warnings: Diagnostic[];
  /** The donor as MAX's source has it. */
  donor: {
    folder: string;
    name: string;
    /** native: architectures[0] is this registered name; family: chosen by the analysis; chosen: --baseline; scaffold: nothing matched. */
    match: 'native' | 'family' | 'chosen' | 'scaffold';
    configClass: string;
    pipelineModel: string;
    source: { repo: string; commit: string } & MaxSourcePlace;
  };
  /** Features the donor's code lacks, and the like: each keeps "Build layers" open. */
  todos: PackageTodo[];
  /** What generated code cannot make right: each keeps "Build layers" open. */
  blockers: PackageBlocker[];
  /** Every place the donor builds its config, and how the generated config reaches it. */
  configReach: ConfigReachFact[];
  /** Ids of the todos and blockers: "Build layers" is done only when this is empty and the TODO markers are gone. */
  buildLayersOpen: string[];
}
