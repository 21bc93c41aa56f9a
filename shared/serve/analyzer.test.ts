import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServeLogAnalyzer, type AnalyzerEvent } from './analyzer';
import { LineSplitter, parseLogLine, stripAnsi } from './logLine';
import { SIGNATURES } from './signatures';

// A real-looking `max serve` log (max-facts.md §4.4): noise from native layers before MAX's logging
// starts, MAX's records, the multi-line banner.
const BANNER = `12:00:03.100 INFO: \n\n${'*'.repeat(80)}\n\n          🚀 Server ready on http://0.0.0.0:8123 (Press CTRL+C to quit)          \n\n${'*'.repeat(80)}\n\n`;
const LOG = [
  'WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n',
  'I0000 00:00:1751234567.123456   12345 config.cc:230] gRPC experiments enabled: call_status_override_on_cancellation\n',
  '12:00:00.001 INFO: Auto-detected pipeline task: text_generation (model architecture: TinyLlamaPort)\n',
  '12:00:00.010 INFO: Starting server...\n',
  '12:00:00.020 INFO: Starting worker: MODEL_0d6c5a1e-0000-4000-8000-000000000000\n',
  '12:00:00.030 INFO: Waiting for model worker readiness\n',
  '12:00:01.000 INFO: Worker process startup took 0.97s (Python imports + driver init)\n',
  '12:00:01.010 INFO: Initializing model pipeline...\n',
  '12:00:01.020 INFO: Compiling Llama3Model graph...\n',
  '12:00:03.000 INFO: Model pipeline initialized in 2.0s (graph build: 0.4s, graph compile: 1.5s [unaccounted: 0.0s], init: 0.1s [unaccounted: 0.0s], other: 0.0s)\n',
  '12:00:03.050 INFO: Model worker ready\n',
  BANNER,
].join('');

function analyse(chunks: string[], options = {}): { analyzer: ServeLogAnalyzer; events: AnalyzerEvent[] } {
  const analyzer = new ServeLogAnalyzer(options);
  const events: AnalyzerEvent[] = [];
  chunks.forEach((chunk, i) => events.push(...analyzer.feed('stderr', chunk, i)));
  events.push(...analyzer.end(chunks.length));
  return { analyzer, events };
}

/** Splits text at the given cut points (any position, even inside \r\n or the emoji's surrogate pair is avoided by the caller's decoder). */
function cut(text: string, points: number[]): string[] {
  const sorted = [...new Set(points.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let last = 0;
  for (const p of sorted) {
    out.push(text.slice(last, p));
    last = p;
  }
  out.push(text.slice(last));
  return out.filter(Boolean);
}

describe('log lines', () => {
  it('splits on LF, CRLF and lone CR, even when a CRLF is split across chunks', () => {
    const s = new LineSplitter();
    expect(s.push('a\r')).toEqual([]);
    expect(s.push('\nb\rc\n')).toEqual(['a', 'b', 'c']);
    expect(s.push('tail')).toEqual([]);
    expect(s.flush()).toEqual(['tail']);
  });

  it("reads MAX's record format behind a --log-prefix, with colours", () => {
    expect(parseLogLine('\x1b[36m12:00:00.001 INFO:\x1b[0m Starting server...')[0]).toMatchObject({ level: 'INFO', message: 'Starting server...', time: '12:00:00.001' });
    expect(parseLogLine('[replica-1] 12:00:00.001 WARNING: Starting ASGI metrics server on port 8001')[0]).toMatchObject({ level: 'WARNING', message: 'Starting ASGI metrics server on port 8001' });
    expect(stripAnsi('\x1b[1m\x1b[32m✨ Pixi task\x1b[0m')).toBe('✨ Pixi task');
  });

  it('reads structured records (MODULAR_STRUCTURED_LOGGING=1): one JSON line per record, the banner inside its message', () => {
    const line = JSON.stringify({ levelname: 'INFO', message: `\n\n${'*'.repeat(80)}\n\n  Server ready on http://0.0.0.0:9000 (Press CTRL+C to quit)  \n\n${'*'.repeat(80)}\n`, request_id: null, batch_id: null, timestamp: '2026-06-25T12:00:00Z' });
    const messages = parseLogLine(line);
    expect(messages[0]).toMatchObject({ level: 'INFO', structured: true });
    expect(messages.some((m) => m.message.startsWith('Server ready on http://0.0.0.0:9000'))).toBe(true);
    const { analyzer } = analyse([line + '\n']);
    expect(analyzer.banner).toMatchObject({ host: '0.0.0.0', port: 9000 });
  });
});

describe('the analyzer', () => {
  it('finds the phases in order and the banner, with and without the emoji', () => {
    const { analyzer } = analyse([LOG]);
    expect(analyzer.phases.map((p) => p.id)).toEqual(['config', 'server-starting', 'worker-started', 'worker-up', 'building', 'compiling', 'initialized', 'worker-ready', 'banner']);
    expect(analyzer.banner).toMatchObject({ host: '0.0.0.0', port: 8123 });
    expect(analyse([LOG.replace('🚀 ', '')]).analyzer.banner).toMatchObject({ port: 8123 });
    expect(analyzer.failure()).toBeNull();
  });

  it('reads the same whatever the chunking, CRLF or colours (property)', () => {
    const reference = analyse([LOG]).analyzer;
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), fc.boolean(), fc.boolean(), (points, crlf, colour) => {
        let text = crlf ? LOG.replace(/\n/g, '\r\n') : LOG;
        if (colour) text = text.replace(/(\d\d:\d\d:\d\d\.\d{3} )(INFO)(:)/g, '\x1b[32m$1$2$3\x1b[0m');
        const { analyzer } = analyse(cut(text, points));
        expect(analyzer.phases.map((p) => p.id)).toEqual(reference.phases.map((p) => p.id));
        expect(analyzer.banner?.port).toBe(8123);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps stdout and stderr lines apart when their chunks interleave', () => {
    const a = new ServeLogAnalyzer();
    a.feed('stderr', '12:00:00.020 INFO: Starting wor', 0);
    a.feed('stdout', 'progress 50%\r', 1);
    a.feed('stderr', 'ker: MODEL_1\n', 2);
    expect(a.phases.map((p) => p.id)).toEqual(['worker-started']);
  });

  it('maps an import failure to the package file and line of the traceback, not to MAX\'s frames', () => {
    const pkg = '/home/me/port/tiny_llama_port';
    const text = [
      'Traceback (most recent call last):',
      '  File "/opt/max/lib/python3.12/site-packages/max/pipelines/lib/registry.py", line 880, in _import_custom_architectures',
      '    module = importlib.import_module(module_name)',
      '  File "/usr/lib/python3.12/importlib/__init__.py", line 90, in import_module',
      '    return _bootstrap._gcd_import(name[level:], package, level)',
      `  File "${pkg}/__init__.py", line 5, in <module>`,
      '    from .arch import tiny_llama_port_arch',
      `  File "${pkg}/arch.py", line 14, in <module>`,
      '    from .model import TinyLlamaPortModel',
      `  File "${pkg}/model.py", line 42`,
      '    def forward(self, x',
      '               ^',
      "SyntaxError: '(' was never closed",
      '',
      'The above exception was the direct cause of the following exception:',
      '',
      'Traceback (most recent call last):',
      '  File "/opt/max/bin/max", line 8, in <module>',
      '    sys.exit(main())',
      '  File "/opt/max/lib/python3.12/site-packages/max/pipelines/lib/registry.py", line 883, in _import_custom_architectures',
      '    raise ValueError(',
      `ValueError: Failed to import custom model from: ${pkg}`,
      '',
    ].join('\n');
    const { analyzer } = analyse([text], { packageDirs: [pkg] });
    const failure = analyzer.verdict({ exitCode: 1 });
    expect(failure).toMatchObject({ code: 'import-failed', step: 'build-layers', line: `ValueError: Failed to import custom model from: ${pkg}` });
    expect(failure.packageFrame).toMatchObject({ file: 'model.py', line: 42, function: null, source: 'def forward(self, x', exception: "SyntaxError: '(' was never closed" });
  });

  it('prefers the specific failure over "Worker crashed" and fills the hint from the line', () => {
    const text = [
      'Process SpawnProcess-1:',
      'Traceback (most recent call last):',
      '  File "/opt/max/max/graph/weights/load_safetensors.py", line 218, in _validate',
      "ValueError: Value provided to weight 'layers.0.mlp.up_proj.weight' had different shape (expected=(64, 32), actual=(32, 32))",
      '12:00:02.000 ERROR: Worker crashed, Shutting down...',
      '',
    ].join('\n');
    const failure = analyse([text]).analyzer.verdict({ exitCode: 1 });
    expect(failure.code).toBe('weights-mismatch');
    expect(failure.step).toBe('map-weights');
    expect(failure.hint).toContain('layers.0.mlp.up_proj.weight');
  });

  it('says what it saw for an unknown failure: the exit and the last error lines', () => {
    const failure = analyse(['loading...\nRuntimeError: CUDA_ERROR_ILLEGAL_ADDRESS: an illegal memory access\n']).analyzer.verdict({ exitCode: 1 });
    expect(failure).toMatchObject({ code: 'exited', step: 'serve', line: 'RuntimeError: CUDA_ERROR_ILLEGAL_ADDRESS: an illegal memory access' });
    expect(failure.lastLines).toEqual(['RuntimeError: CUDA_ERROR_ILLEGAL_ADDRESS: an illegal memory access']);
  });

  it('collects notices without failing the run', () => {
    const { analyzer } = analyse(["12:00:00.000 WARNING: Truncated model's default max_length from 131072 to 40960 to fit in memory.\n"]);
    expect(analyzer.failure()).toBeNull();
    expect(analyzer.notices).toEqual([expect.objectContaining({ code: 'max-length-truncated', figures: { from: '131072', to: '40960' } })]);
  });
});

describe('the failure signatures', () => {
  // One line per signature, written as MAX prints it (from the source cited in each entry).
  const samples: Record<string, string> = {
    'import-failed': 'ValueError: Failed to import custom model from: /p/pkg',
    'no-architectures-list': 'ValueError: Custom model imported, but did not expose an `ARCHITECTURES` list. Module: /p/pkg',
    'custom-architectures-spec': 'ValueError: Custom module spec contains too many colons: a:b:c',
    'override-refused': "ValueError: Refusing to override existing architecture for 'LlamaForCausalLM' with task PipelineTask.TEXT_GENERATION",
    'arch-not-found': "ValueError: Architecture 'Foo' not found in registry",
    'config-missing': "ValueError: HuggingFace config is required to initialize pipeline for '/p/checkpoint', but config could not be loaded. Please ensure the model repository contains a valid config.json file.",
    'no-architectures': "ValueError: Cannot determine architecture name for main model '/p/checkpoint': HuggingFace config has no 'architectures' field.",
    'task-undetermined': 'ValueError: Cannot determine pipeline task: architecture name is unknown. Please specify --task explicitly.',
    'encoding-unsupported': "ValueError: quantization_encoding of 'float16' not supported by MAX engine.",
    'quantization-unrecognized': "ValueError: Unrecognized quantization config: the `quant_method` field ('awq') is provided but not recognized.",
    'max-length-too-large': "ValueError: Unable to infer max_length for Llama3Config, the provided max_length (99999) exceeds the model's max_position_embeddings (2048).",
    'out-of-memory': 'RuntimeError: Model size exceeds available memory (14.96 GiB > 7.50 GiB). Try running a smaller model, using a smaller precision, or using a device with more memory.',
    'weights-mismatch': 'ValueError: load_state_dict() strict=True validation failed. Missing required weights: lm_head.weight',
    'activation-unrecognized': 'ValueError: Unrecognized activation function name (swiglu2)',
    'usage-error': 'Error: No such option: --bogus',
    'port-in-use': 'ValueError: The network port 8000 is already in use',
    'not-ready-in-time': 'TimeoutError: Model Worker failed to become ready',
    'worker-crashed': '12:00:00.000 ERROR: Worker crashed, Shutting down...',
  };

  it('has a sample line for every failure code, and each sample maps to its own code', () => {
    const codes = new Set(SIGNATURES.filter((s) => s.kind === 'failure').map((s) => s.code));
    expect([...codes].sort()).toEqual(Object.keys(samples).sort());
    for (const [code, line] of Object.entries(samples)) {
      const failure = analyse([line + '\n']).analyzer.failure();
      expect(failure?.code, line).toBe(code);
    }
  });

  it('reads MAX\'s memory figures from the out-of-memory line', () => {
    const failure = analyse([samples['out-of-memory'] + '\n']).analyzer.failure()!;
    expect(failure.figures).toEqual({ needed: '14.96 GiB', free: '7.50 GiB' });
    const kv = analyse(['RuntimeError: Estimated model and kv cache memory use exceeds available memory (20.00 GiB  / 16.00 GiB free). Try reducing --max-length to 4096 (supports batch size of 512).\n']).analyzer.failure()!;
    expect(kv).toMatchObject({ code: 'out-of-memory', figures: { needed: '20.00 GiB', free: '16.00 GiB' } });
  });
});
