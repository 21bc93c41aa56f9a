// The floor for the weights benchmark: read every safetensors header of a sharded checkpoint with
// nothing but open, read and JSON.parse (no validation, no analysis), and print the tensor count.
//   node scripts/bench/floor-read-headers.mjs DIR
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const readAll = (path) => {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(fstatSync(fd).size);
  readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  return buf;
};
const index = JSON.parse(readAll(join(dir, 'model.safetensors.index.json')).toString('utf8'));
const shards = [...new Set(Object.values(index.weight_map))];
let tensors = 0;
for (const shard of shards) {
  const fd = openSync(join(dir, shard), 'r');
  const len = Buffer.allocUnsafe(8);
  readSync(fd, len, 0, 8, 0);
  const n = Number(len.readBigUInt64LE(0));
  const header = Buffer.allocUnsafe(n);
  readSync(fd, header, 0, n, 8);
  closeSync(fd);
  tensors += Object.keys(JSON.parse(header.toString('utf8'))).length - 1;
}
process.stdout.write(`${shards.length} shards, ${tensors} tensors\n`);
