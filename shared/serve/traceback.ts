/**
 * Python tracebacks in the server's output, read frame by frame, so a failure inside the port's
 * package can name its file and line: the import of `--custom-architectures` (registry.py re-raises
 * it as "Failed to import custom model from: ...", chained after the real error) and crashes of the
 * model worker (printed by the worker process before MAX logs "Worker crashed").
 */
import type { LogMessage } from './logLine';

export interface TracebackFrame {
  path: string;
  line: number;
  /** The function (`<module>` at import time); null for a SyntaxError's location. */
  function: string | null;
  /** The source line Python showed, trimmed, or null. */
  source: string | null;
}

export interface Traceback {
  frames: TracebackFrame[];
  /** The last line: `NameError: name 'x' is not defined`, or null while it is still being read. */
  exception: string | null;
  /** Set when Python printed it as the cause or context of the traceback before it. */
  chained: boolean;
}

const START = /^Traceback \(most recent call last\):$/;
const FRAME = /^File "(.+)", line (\d+)(?:, in (.+))?$/;
const CHAIN = /^(The above exception was the direct cause of the following exception:|During handling of the above exception, another exception occurred:)$/;
const CARETS = /^[\s~^]+$/;

/** Reads tracebacks from log messages as they come; `tracebacks` holds every one seen, in order. */
export class TracebackReader {
  readonly tracebacks: Traceback[] = [];
  private current: Traceback | null = null;
  private expectSource = false;
  private chainNext = false;

  /** Reads one message; says whether it was traceback code (a frame or its source), which is not a message to match. */
  feed(message: LogMessage): 'code' | 'text' {
    const text = message.message;
    if (START.test(text)) {
      this.current = { frames: [], exception: null, chained: this.chainNext };
      this.chainNext = false;
      this.expectSource = false;
      this.tracebacks.push(this.current);
      return 'text';
    }
    if (CHAIN.test(text)) {
      this.chainNext = true;
      this.current = null;
      return 'text';
    }
    const tb = this.current;
    if (!tb) return 'text';
    // A record of MAX's own logging ends a traceback (another process wrote in between).
    if (message.level !== null && !message.structured) {
      this.current = null;
      return 'text';
    }
    const frame = FRAME.exec(text);
    if (frame) {
      tb.frames.push({ path: frame[1], line: Number(frame[2]), function: frame[3] ?? null, source: null });
      this.expectSource = true;
      return 'code';
    }
    if (text === '' || CARETS.test(text)) return 'code';
    const indented = /^\s/.test(message.line);
    if (this.expectSource && indented) {
      tb.frames[tb.frames.length - 1].source = text;
      this.expectSource = false;
      return 'code';
    }
    if (indented) return 'code';
    tb.exception = text;
    this.current = null;
    this.expectSource = false;
    return 'text';
  }
}

/** A frame of the traceback inside the port's package, with its file relative to the package folder. */
export interface PackageFrame extends TracebackFrame {
  /** Relative to the package folder (`model.py`, `layers/attention.py`). */
  file: string;
  /** The exception the traceback ends in. */
  exception: string | null;
}

/**
 * The failing line in the package: the deepest package frame of the first traceback that has one
 * (Python prints the root cause first when an exception is chained).
 */
export function findPackageFrame(tracebacks: readonly Traceback[], packageDirs: readonly string[]): PackageFrame | null {
  const prefixes = packageDirs.filter(Boolean).map((dir) => dir.replace(/[\\/]+$/, '') + '/');
  if (!prefixes.length) return null;
  for (const tb of tracebacks) {
    for (let i = tb.frames.length - 1; i >= 0; i--) {
      const frame = tb.frames[i];
      const path = frame.path.replace(/\\/g, '/');
      const prefix = prefixes.find((p) => path.startsWith(p));
      if (prefix) return { ...frame, file: path.slice(prefix.length), exception: tb.exception };
    }
  }
  return null;
}
