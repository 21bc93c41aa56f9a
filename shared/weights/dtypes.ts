import table from '../../resources/kb/weights/dtypes.json';

interface DtypeInfo {
  bits: number;
  kind: string;
  maxEncoding?: string;
}

const DTYPES: Record<string, DtypeInfo> = table.dtypes;
const ENCODING_BITS: Record<string, number> = table.encodings.bitsPerParameter;

/** Bits per element of a safetensors dtype, or undefined for a dtype safetensors does not define. */
export function dtypeBits(dtype: string): number | undefined {
  return Object.hasOwn(DTYPES, dtype) ? DTYPES[dtype].bits : undefined;
}

export function knownDtypes(): string[] {
  return Object.keys(DTYPES);
}

/** MAX's SupportedEncoding for a safetensors dtype (max-facts.md §6), if MAX maps it. */
export function maxEncodingOfDtype(dtype: string): string | undefined {
  return Object.hasOwn(DTYPES, dtype) ? DTYPES[dtype].maxEncoding : undefined;
}

export function encodingBits(encoding: string): number | undefined {
  return Object.hasOwn(ENCODING_BITS, encoding) ? ENCODING_BITS[encoding] : undefined;
}
