/** Typed access to resources/kb/codegen: what generated code may import and assume from MAX. */
import architecturesKb from '../../resources/kb/codegen/max-architectures.json';
import configClassesKb from '../../resources/kb/codegen/config-classes.json';
import versionsKb from '../../resources/kb/codegen/max-versions.json';
import encodingsKb from '../../resources/kb/codegen/encodings.json';
import featuresKb from '../../resources/kb/codegen/features.json';
import renamesKb from '../../resources/kb/codegen/weight-renames.json';
import activationsKb from '../../resources/kb/codegen/activations.json';

export interface KbSource { repo: string; commit: string; path: string }

export interface MaxArchitecture {
  folder: string;
  name: string;
  task: string;
  archVariable: string;
  configClass: string;
  configModule: string;
  configBases: string[];
  pipelineModel: string;
  defaultWeightsFormat: string;
  weightFormats: string[];
  defaultEncoding: string;
  supportedEncodings: string[];
  ropeType: string | null;
  exampleRepoIds: string[];
  multimodal: boolean;
  source: KbSource;
}

export interface DonorRead { hf: string; field: string; why: string }

export interface ConfigClass {
  name: string;
  module: string;
  base: string | null;
  entry: 'initialize_from_config' | 'initialize';
  reads: DonorRead[];
  fields: string[];
  unsetFields: string[];
  graphTodo?: string | null;
  source: KbSource;
}

export interface Conversion { hf: string; field: string; when: string; python: string; why: string }

export interface MaxVersion {
  version: string;
  label: string;
  pipelineTaskModule: string;
  supportedArchitectureModule: string;
  encodingsAreStrings: boolean;
  initializeFromConfig: 'positional';
  builtinOverride: 'refused' | 'unknown';
}

export interface FeatureHint { folder: string | null; file: string | null; todo: string; needsCode: boolean; configKeys: string[] }

export const MAX_ARCHITECTURES = architecturesKb.architectures as MaxArchitecture[];
export const KB_COMMIT = architecturesKb.source.commit;

/** The registered entry for a folder (and name, when the folder registers several). */
export function findArchitecture(folder: string, name?: string | null): MaxArchitecture | null {
  const inFolder = MAX_ARCHITECTURES.filter((arch) => arch.folder === folder && arch.task === 'text_generation');
  return inFolder.find((arch) => arch.name === name) ?? inFolder[0] ?? null;
}

export function isBuiltinName(name: string): boolean {
  return MAX_ARCHITECTURES.some((arch) => arch.name === name);
}

const CLASSES = configClassesKb.classes as Record<string, Omit<ConfigClass, 'name'>>;

/** A config class the reference describes (fields and what it maps), or null. */
export function describedConfigClass(name: string): ConfigClass | null {
  const found = CLASSES[name];
  return found ? { name, ...found } : null;
}

/** Everything a described class maps, its own reads first, then its bases'. */
export function readsOf(cls: ConfigClass): DonorRead[] {
  const chain: DonorRead[] = [...cls.reads];
  const base = cls.base ? describedConfigClass(cls.base) : null;
  return base ? [...chain, ...readsOf(base).filter((read) => !chain.some((own) => own.hf === read.hf))] : chain;
}

export function fieldsOf(cls: ConfigClass): string[] {
  const base = cls.base ? describedConfigClass(cls.base) : null;
  return [...cls.fields, ...(base ? fieldsOf(base) : [])];
}

/** Whether `cls` is, or derives from, `ancestor` (through described classes). */
export function derivesFrom(cls: ConfigClass, ancestor: string): boolean {
  if (cls.name === ancestor) return true;
  const base = cls.base ? describedConfigClass(cls.base) : null;
  return base ? derivesFrom(base, ancestor) : false;
}

export const CONVERSIONS = configClassesKb.conversions as Conversion[];

export const MAX_VERSIONS = versionsKb.versions as MaxVersion[];
export const DEFAULT_MAX_VERSION = versionsKb.default;

export function findMaxVersion(version: string): MaxVersion | null {
  return MAX_VERSIONS.find((entry) => entry.version === version) ?? null;
}

export const ENCODINGS = encodingsKb as {
  fromDtype: Record<string, string>;
  fromQuantMethod: Record<string, string | null>;
  quantMethodNotes: Record<string, string>;
  castPartners: Record<string, string[]>;
};

export const FEATURE_HINTS = featuresKb.features as Record<string, FeatureHint>;
export const QUANTIZED_TODO = featuresKb.quantized.todo;

export function donorRenames(folder: string): { renames: [string, string][]; source: KbSource; note?: string } | null {
  const byFolder = renamesKb.byFolder as unknown as Record<string, { renames: [string, string][]; source: KbSource; note?: string }>;
  if (byFolder[folder]) return byFolder[folder];
  if ((renamesKb.reusingLlama3 as string[]).includes(folder)) return byFolder.llama3;
  return null;
}

export const ACTIVATIONS = activationsKb.toMax as Record<string, string | null>;
export const LLAMA3_GRAPH_ACTIVATION = activationsKb.llama3GraphActivation;
