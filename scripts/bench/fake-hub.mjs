// The loopback Hub of the remote weights benchmark, in its own process as the real Hub is on its
// own machine: serving 20 MB of headers must not take the client's CPU, or the benchmark measures
// the server as much as the reader. Serves one folder as REPO: HEAD raw/, GET resolve/ with Range
// (206 + Content-Range + ETag), each answer ROUND_TRIP_MS late (a round trip).
//   fork('scripts/bench/fake-hub.mjs', [DIR, REPO, ROUND_TRIP_MS]); it sends { port } when
//   listening; send 'log' for { log } (every request: method, path, body bytes) and 'reset' to clear it.
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const [dir, repo, delay] = process.argv.slice(2);
const roundTripMs = Number(delay);
const log = [];

const answer = (req, res) => {
  const m = /^\/([^/]+\/[^/]+)\/(resolve|raw)\/([^/]+)\/(.+)$/.exec(decodeURIComponent((req.url ?? '').split('?')[0]));
  const file = m && m[1] === repo ? join(dir, m[4]) : null;
  const entry = { method: req.method ?? 'GET', path: req.url ?? '', bytes: 0 };
  log.push(entry);
  if (!file || m[4].includes('..') || !existsSync(file)) {
    res.writeHead(404, { 'X-Error-Code': 'EntryNotFound' }).end();
    return;
  }
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  const headers = { ETag: `"${size.toString(16)}"`, 'Accept-Ranges': 'bytes' };
  const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
  if (req.method === 'HEAD') {
    closeSync(fd);
    res.writeHead(200, { ...headers, 'Content-Length': String(size) }).end();
    return;
  }
  const start = range ? Number(range[1]) : 0;
  const end = range && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
  const body = Buffer.alloc(end - start + 1);
  readSync(fd, body, 0, body.length, start);
  closeSync(fd);
  entry.bytes = body.length;
  if (range) res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(body.length) });
  else res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
  res.end(body);
};

const server = createServer((req, res) => void setTimeout(() => answer(req, res), roundTripMs));
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (message) => {
  if (message === 'log') process.send({ log });
  else if (message === 'reset') log.length = 0;
});
// Never outlives the benchmark: the IPC channel closes when it ends, however it ends.
process.on('disconnect', () => process.exit(0));
