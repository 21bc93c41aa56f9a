/**
 * Reads a `max serve` run's output as it comes and says what matters: the startup phases, the ready
 * banner (host and port), MAX's failure and warning lines, and the tracebacks. Pure: it is fed text
 * and clock times and never looks at timings between chunks, so it reads another implementation's
 * output (other timings, other noise) the same way.
 */
import { LineSplitter, parseLogLine, type LogMessage } from './logLine';
import { fillHint, matchSignatures, PHASES, SERVE_DEFAULTS, stepForPackageFile, type Signature } from './signatures';
import { findPackageFrame, TracebackReader } from './traceback';
import type { ServeFailure, ServeNotice, ServePhase } from './types';

export type AnalyzerEvent =
  | { type: 'phase'; phase: ServePhase }
  | { type: 'banner'; host: string; port: number; line: string; atMs: number }
  | { type: 'failure-line'; failure: ServeFailure }
  | { type: 'notice'; notice: ServeNotice };

interface Seen {
  signature: Signature;
  figures: Record<string, string>;
  line: string;
  order: number;
}

const BANNER = /Server ready on http:\/\/(\[[^\]]+\]|[^\s/:]+):(\d+)/;
const ERRORISH = /^(Traceback \(most recent call last\)|[A-Za-z_][\w.]*(Error|Exception|Exit)\b|Error: )|\bERROR\b|\bCRITICAL\b/;
const TAIL_LINES = 12;

export interface AnalyzerOptions {
  /** The package folder (and its real path, when it differs): traceback frames under it are the port's. */
  packageDirs?: string[];
}

export class ServeLogAnalyzer {
  readonly phases: ServePhase[] = [];
  readonly notices: ServeNotice[] = [];
  banner: { host: string; port: number; line: string; atMs: number } | null = null;
  private readonly splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  private readonly tracebacks = new TracebackReader();
  private readonly seen: Seen[] = [];
  private readonly errorLines: string[] = [];
  private order = 0;

  constructor(private readonly options: AnalyzerOptions = {}) {}

  /** Text of one stream, `atMs` from the start of the run. */
  feed(stream: 'stdout' | 'stderr', text: string, atMs: number): AnalyzerEvent[] {
    return this.lines(this.splitters[stream].push(text), atMs);
  }

  /** The streams ended: their last unterminated lines count too. */
  end(atMs: number): AnalyzerEvent[] {
    return [...this.lines(this.splitters.stdout.flush(), atMs), ...this.lines(this.splitters.stderr.flush(), atMs)];
  }

  private lines(lines: string[], atMs: number): AnalyzerEvent[] {
    const events: AnalyzerEvent[] = [];
    for (const raw of lines) for (const message of parseLogLine(raw)) this.message(message, atMs, events);
    return events;
  }

  private message(message: LogMessage, atMs: number, events: AnalyzerEvent[]): void {
    // Source lines quoted in a traceback are code, not messages: `raise ValueError("...")` must not match.
    if (this.tracebacks.feed(message) === 'code') return;
    const text = message.message;
    if (!text) return;
    if (ERRORISH.test(text) || message.level === 'ERROR' || message.level === 'CRITICAL') {
      this.errorLines.push(message.line);
      if (this.errorLines.length > TAIL_LINES) this.errorLines.shift();
    }
    for (const phase of PHASES) {
      if (this.phases.some((p) => p.id === phase.id) || !phase.patterns.some((p) => p.test(text))) continue;
      const seen: ServePhase = { id: phase.id, label: phase.label, atMs, line: message.line };
      this.phases.push(seen);
      events.push({ type: 'phase', phase: seen });
    }
    if (!this.banner && text.includes(SERVE_DEFAULTS.readyMarker)) {
      const m = BANNER.exec(text);
      if (m) {
        this.banner = { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]), line: message.line.trim(), atMs };
        events.push({ type: 'banner', ...this.banner });
      }
    }
    for (const hit of matchSignatures(text)) {
      const { signature, figures } = hit;
      if (signature.kind === 'notice') {
        if (this.notices.some((n) => n.code === signature.code && n.line === message.line)) continue;
        const notice: ServeNotice = { code: signature.code, line: message.line, hint: fillHint(signature.hint, figures), figures };
        this.notices.push(notice);
        events.push({ type: 'notice', notice });
      } else {
        const entry = { signature, figures, line: message.line, order: this.order++ };
        this.seen.push(entry);
        events.push({ type: 'failure-line', failure: this.failureOf(entry) });
      }
      break; // one signature per line: the most specific
    }
  }

  /** The failure the output shows so far: the highest-priority signature seen (the first, on a tie). */
  failure(): ServeFailure | null {
    if (!this.seen.length) return null;
    const best = this.seen.reduce((a, b) => (b.signature.priority > a.signature.priority ? b : a));
    return this.failureOf(best);
  }

  private failureOf(entry: Seen): ServeFailure {
    const { signature, figures } = entry;
    const packageFrame = findPackageFrame(this.tracebacks.tracebacks, this.options.packageDirs ?? []);
    // A package frame decides the step of the failures that only say "it broke somewhere".
    const refine = packageFrame && (signature.code === 'import-failed' || signature.code === 'worker-crashed' || signature.code === 'no-architectures-list');
    return {
      code: signature.code,
      step: refine ? stepForPackageFile(packageFrame.file) : signature.step,
      line: entry.line.trim(),
      hint: fillHint(signature.hint, figures),
      figures,
      packageFrame: packageFrame ?? null,
      source: signature.source,
    };
  }

  /**
   * The failure for a run that ended or was given up on: a known signature if one was seen, else
   * `exited` (or `not-ready-in-time`) with the last error lines, and the package frame if any.
   */
  verdict(end: { timedOut?: boolean; exitCode?: number | null; signal?: string | null; timeoutS?: number }): ServeFailure {
    const known = this.failure();
    if (known) return known;
    const packageFrame = findPackageFrame(this.tracebacks.tracebacks, this.options.packageDirs ?? []);
    const lastLines = [...this.errorLines];
    const lastException = [...this.tracebacks.tracebacks].reverse().find((t) => t.exception)?.exception ?? null;
    if (end.timedOut) {
      return {
        code: 'not-ready-in-time',
        step: 'serve',
        line: lastLines[lastLines.length - 1] ?? `no ready banner within ${end.timeoutS ?? '?'} s`,
        hint: `The server did not become ready within ${end.timeoutS ?? 'the'} s: a large model may need a longer --timeout; the last phase reached shows where it stopped.`,
        packageFrame,
        lastLines,
      };
    }
    const how = end.signal ? `was killed by ${end.signal}` : `exited with code ${end.exitCode ?? 'unknown'}`;
    return {
      code: 'exited',
      step: packageFrame ? stepForPackageFile(packageFrame.file) : 'serve',
      line: lastException ?? lastLines[lastLines.length - 1] ?? `max ${how}`,
      hint: `max ${how} before it became ready; no known MAX failure line was printed: read the last lines of its log.`,
      packageFrame,
      lastLines,
    };
  }
}
