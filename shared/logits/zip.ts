/**
 * The parts of the ZIP format (PKWARE APPNOTE 6.3) an .npz needs: the end-of-central-directory
 * record (and its zip64 form), the central directory, and each member's local header. numpy writes
 * members with zipfile's force_zip64=True, so every local header carries 0xFFFFFFFF sizes with the
 * real ones in a zip64 extra field; archives past 4 GiB also use the zip64 end records. Members are
 * stored (np.savez) or deflated (np.savez_compressed).
 */
import { badInput } from '../errors';
import type { ByteSource } from './byteSource';

export interface ZipMember {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
  encrypted: boolean;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

export function isZip(first: Uint8Array): boolean {
  return first.length >= 4 && first[0] === 0x50 && first[1] === 0x4b && ((first[2] === 3 && first[3] === 4) || (first[2] === 5 && first[3] === 6));
}

function u64(view: DataView, at: number): number {
  const v = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
  return v;
}

/** The central directory of an archive. */
export async function readZipDirectory(source: ByteSource): Promise<ZipMember[]> {
  const file = source.name;
  const tailLength = Math.min(source.size, 22 + MAX_COMMENT);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.length);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === EOCD && i + 22 + tv.getUint16(i + 20, true) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw badInput(`${file}: byte ${source.size}: no end of central directory record: not a complete zip/.npz (truncated?)`);
  let entries = tv.getUint16(eocd + 10, true);
  let dirSize = tv.getUint32(eocd + 12, true);
  let dirOffset = tv.getUint32(eocd + 16, true);
  const eocdAt = tailStart + eocd;
  if (entries === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    // zip64: a locator sits right before the EOCD and points at the zip64 end record.
    if (eocdAt < 20) throw badInput(`${file}: byte ${eocdAt}: zip64 sizes are marked but the zip64 locator is missing`);
    const loc = await source.read(eocdAt - 20, 20);
    const lv = new DataView(loc.buffer, loc.byteOffset, 20);
    if (lv.getUint32(0, true) !== ZIP64_LOCATOR) throw badInput(`${file}: byte ${eocdAt - 20}: zip64 sizes are marked but the zip64 locator is missing`);
    const recAt = u64(lv, 8);
    if (recAt + 56 > source.size) throw badInput(`${file}: byte ${eocdAt - 12}: the zip64 end record offset ${recAt} is past the end of the file`);
    const rec = await source.read(recAt, 56);
    const rv = new DataView(rec.buffer, rec.byteOffset, 56);
    if (rv.getUint32(0, true) !== ZIP64_EOCD) throw badInput(`${file}: byte ${recAt}: no zip64 end of central directory record where the locator points`);
    entries = u64(rv, 32);
    dirSize = u64(rv, 40);
    dirOffset = u64(rv, 48);
  }
  if (dirOffset + dirSize > source.size) throw badInput(`${file}: byte ${eocdAt}: the central directory (${dirSize} bytes at ${dirOffset}) runs past the end of the file (truncated?)`);
  const dir = await source.read(dirOffset, dirSize);
  const dv = new DataView(dir.buffer, dir.byteOffset, dir.length);
  const members: ZipMember[] = [];
  let at = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > dir.length || dv.getUint32(at, true) !== CENTRAL) throw badInput(`${file}: byte ${dirOffset + at}: central directory entry ${n} is corrupt`);
    const flags = dv.getUint16(at + 8, true);
    const method = dv.getUint16(at + 10, true);
    const crc32 = dv.getUint32(at + 16, true);
    let compressedSize = dv.getUint32(at + 20, true);
    let size = dv.getUint32(at + 24, true);
    const nameLen = dv.getUint16(at + 28, true);
    const extraLen = dv.getUint16(at + 30, true);
    const commentLen = dv.getUint16(at + 32, true);
    let localHeaderOffset = dv.getUint32(at + 42, true);
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(dir.subarray(at + 46, at + 46 + nameLen));
    const zip64 = readZip64Extra(dir.subarray(at + 46 + nameLen, at + 46 + nameLen + extraLen), { size, compressedSize, offset: localHeaderOffset });
    size = zip64.size;
    compressedSize = zip64.compressedSize;
    localHeaderOffset = zip64.offset;
    members.push({ name, method, compressedSize, size, crc32, localHeaderOffset, encrypted: (flags & 1) === 1 });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return members;
}

/** Fields a zip64 extra (id 0x0001) replaces: only those whose 32-bit value is 0xFFFFFFFF, in this order. */
function readZip64Extra(extra: Uint8Array, fields: { size: number; compressedSize: number; offset: number }): { size: number; compressedSize: number; offset: number } {
  const v = new DataView(extra.buffer, extra.byteOffset, extra.length);
  for (let at = 0; at + 4 <= extra.length;) {
    const id = v.getUint16(at, true);
    const len = v.getUint16(at + 2, true);
    if (id === 0x0001) {
      let p = at + 4;
      const end = at + 4 + len;
      const out = { ...fields };
      if (fields.size === 0xffffffff && p + 8 <= end) {
        out.size = u64(v, p);
        p += 8;
      }
      if (fields.compressedSize === 0xffffffff && p + 8 <= end) {
        out.compressedSize = u64(v, p);
        p += 8;
      }
      if (fields.offset === 0xffffffff && p + 8 <= end) out.offset = u64(v, p);
      return out;
    }
    at += 4 + len;
  }
  return fields;
}

/** Where a member's data starts (after its local header), checked against the file's size. */
export async function memberDataOffset(source: ByteSource, member: ZipMember): Promise<number> {
  const file = source.name;
  const header = await source.read(member.localHeaderOffset, 30);
  const hv = new DataView(header.buffer, header.byteOffset, header.length);
  if (header.length < 30 || hv.getUint32(0, true) !== LOCAL) throw badInput(`${file}: byte ${member.localHeaderOffset}: no local header for ${member.name} where the directory points`);
  const start = member.localHeaderOffset + 30 + hv.getUint16(26, true) + hv.getUint16(28, true);
  if (start + member.compressedSize > source.size) {
    throw badInput(`${file}: byte ${source.size}: ${member.name} needs ${member.compressedSize} bytes from byte ${start}, the file ends first (truncated?)`);
  }
  return start;
}
