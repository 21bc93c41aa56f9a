export { generatePackage, generateModelConfig, type GeneratedPackageResult } from './generatePackage';
export { linesForConfigPath, configPathsForLine } from './sourceMap';
export { MAX_VERSIONS, DEFAULT_MAX_VERSION } from './knowledge';
export type { GeneratedFile, GeneratePackageInput, GeneratedPackage, SourceMapLine, WeightRename } from './types';
