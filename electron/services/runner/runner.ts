/**
 * The one runner of hooks (DESIGN.md "Running things"): every command the app, browser mode or the
 * CLI starts goes through here, behind the supervisor. It keeps the whole output in the run's log
 * file (`.bringup/runs/<id>.log`), a bounded tail in memory for a UI that attaches late, and hands the
 * output on as it comes: raw per stream to whoever reads it (readiness), and in small batches with a
 * sequence number to the UI (so a tail fetched meanwhile and the events never double up).
 */
import { EventEmitter } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { startSupervisedBy, type ExitInfo, type SupervisorChoice, type StopInfo, type Supervised, type SupervisedJob } from './supervised';

export const TAIL_BYTES = 512 * 1024;
const BATCH_MS = 30;

export interface RunSpec extends SupervisedJob {
  runId: string;
  logPath: string;
}

export interface OutputBatch {
  runId: string;
  seq: number;
  text: string;
}

export interface RawChunk {
  stream: 'stdout' | 'stderr';
  text: string;
  /** Date.now() when it arrived. */
  at: number;
}

export class Run extends EventEmitter<{ raw: [RawChunk]; batch: [OutputBatch]; end: [] }> {
  readonly spec: RunSpec;
  readonly process: Supervised;
  private readonly log: WriteStream;
  private readonly tail: { seq: number; text: string }[] = [];
  private tailBytes = 0;
  private seq = 0;
  private pending = '';
  private timer: NodeJS.Timeout | null = null;
  private openStreams = 2;
  /** Resolves when both streams ended and the log file is closed. */
  readonly outputDone: Promise<void>;

  constructor(spec: RunSpec, supervisor: SupervisorChoice) {
    super();
    this.spec = spec;
    mkdirSync(dirname(spec.logPath), { recursive: true });
    this.log = createWriteStream(spec.logPath, { flags: 'a' });
    this.log.on('error', () => undefined);
    this.process = startSupervisedBy(spec, supervisor);
    let endOutput!: () => void;
    this.outputDone = new Promise((resolve) => (endOutput = resolve));
    for (const stream of ['stdout', 'stderr'] as const) {
      const decoder = new StringDecoder('utf8');
      const source = this.process[stream];
      source.on('data', (bytes: Buffer) => {
        this.log.write(bytes);
        this.chunk(stream, decoder.write(bytes));
      });
      source.on('end', () => {
        this.chunk(stream, decoder.end());
        if (--this.openStreams === 0) {
          this.flush();
          this.log.end(() => endOutput());
          this.emit('end');
        }
      });
      source.on('error', () => undefined);
    }
  }

  private chunk(stream: 'stdout' | 'stderr', text: string): void {
    if (!text) return;
    this.emit('raw', { stream, text, at: Date.now() });
    this.pending += text;
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  /** Sends what is pending as one batch and keeps it in the tail. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending) return;
    const batch = { runId: this.spec.runId, seq: ++this.seq, text: this.pending };
    this.pending = '';
    this.tail.push({ seq: batch.seq, text: batch.text });
    this.tailBytes += batch.text.length;
    while (this.tailBytes > TAIL_BYTES && this.tail.length > 1) this.tailBytes -= this.tail.shift()!.text.length;
    this.emit('batch', batch);
  }

  /** The output kept in memory (the newest TAIL_BYTES), and the sequence number it reaches. */
  tailText(): { text: string; seq: number; truncated: boolean } {
    this.flush();
    const first = this.tail[0]?.seq ?? this.seq + 1;
    return { text: this.tail.map((t) => t.text).join(''), seq: this.seq, truncated: first > 1 };
  }

  stop(firstSignal?: 'SIGINT' | 'SIGTERM' | 'SIGKILL'): Promise<StopInfo | null> {
    return this.process.stop(firstSignal);
  }

  get exited(): Promise<ExitInfo> {
    return this.process.exited;
  }
}

/** Every run this services instance started; `dispose` stops them all (the faces call it on exit). */
export class Runner {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly supervisor: SupervisorChoice) {}

  start(spec: RunSpec): Run {
    const run = new Run(spec, this.supervisor);
    this.runs.set(spec.runId, run);
    void run.process.done.then(() => run.outputDone).then(() => this.runs.delete(spec.runId));
    return run;
  }

  active(): Run[] {
    return [...this.runs.values()];
  }

  /** Stops every run; resolves when each group is gone. */
  stopAll(): Promise<unknown> {
    return Promise.all([...this.runs.values()].map((run) => run.stop()));
  }
}
