/**
 * The server's output as lines and log messages, whatever framing it comes in: chunks split anywhere
 * (even inside a CRLF or a UTF-8 character, which the caller decodes), CRLF or lone CR (progress bars),
 * ANSI colours, noise from other layers before MAX's logging starts (absl, gRPC, pixi, uv), MAX's
 * `HH:MM:SS.mmm LEVEL: message` records (optionally behind a --log-prefix), and the JSON records of
 * MODULAR_STRUCTURED_LOGGING=1 (max/python/max/serve/telemetry/common.py::configure_logging).
 */

// CSI sequences, OSC sequences (BEL or ST terminated) and two-byte escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI, '') : text;
}

/** Splits a stream into lines; a line is complete at \n, \r\n or a lone \r. */
export class LineSplitter {
  private pending = '';

  push(text: string): string[] {
    const data = this.pending + text;
    const lines: string[] = [];
    let start = 0;
    for (let i = 0; i < data.length; i++) {
      const c = data.charCodeAt(i);
      if (c === 10) {
        lines.push(data.slice(start, i));
        start = i + 1;
      } else if (c === 13) {
        // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
        if (i === data.length - 1) break;
        lines.push(data.slice(start, i));
        start = data.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
        if (start === i + 2) i++;
      }
    }
    this.pending = data.slice(start);
    return lines;
  }

  /** The last line when the stream ends without a newline. */
  flush(): string[] {
    const rest = this.pending.replace(/\r$/, '');
    this.pending = '';
    return rest ? [rest] : [];
  }
}

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/** One line of text to match, with what MAX's framing says about it. */
export interface LogMessage {
  /** The line as printed, colours removed (what the UI quotes as "the server's line"). */
  line: string;
  /** The message without MAX's time/level prefix or JSON framing (what patterns are matched against). */
  message: string;
  /** Null for lines outside MAX's logging (noise, tracebacks, continuation lines of a record). */
  level: LogLevel | null;
  time: string | null;
  structured: boolean;
}

const RECORD = /^(?:(\S.{0,80}?) )?(\d{2}:\d{2}:\d{2}\.\d{3}) (DEBUG|INFO|WARNING|ERROR|CRITICAL):\s?(.*)$/;
const LEVELS = new Set(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']);

/**
 * The messages one output line holds: one for a text line; for a JSON record, one per line of its
 * message and of its exception text (a multi-line record, such as the ready banner, is one JSON line).
 */
export function parseLogLine(rawLine: string): LogMessage[] {
  const line = stripAnsi(rawLine).replace(/\s+$/, '');
  const trimmed = line.trimStart();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    const structured = parseStructured(trimmed, line);
    if (structured) return structured;
  }
  const record = RECORD.exec(line);
  if (record) return [{ line, message: record[4], level: record[3] as LogLevel, time: record[2], structured: false }];
  return [{ line, message: line.trim(), level: null, time: null, structured: false }];
}

function parseStructured(text: string, line: string): LogMessage[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const message = typeof record.message === 'string' ? record.message : typeof record.msg === 'string' ? record.msg : null;
  if (message === null) return null;
  const levelName = String(record.levelname ?? record.level ?? '').toUpperCase();
  const level = LEVELS.has(levelName) ? (levelName as LogLevel) : null;
  const time = typeof record.timestamp === 'string' ? record.timestamp : typeof record.asctime === 'string' ? record.asctime : null;
  const parts = [message, typeof record.exc_info === 'string' ? record.exc_info : '', typeof record.stack_info === 'string' ? record.stack_info : '']
    .join('\n')
    .split(/\r?\n/)
    .map((part) => part.replace(/\s+$/, ''));
  const out: LogMessage[] = [];
  parts.forEach((part, i) => {
    if (i > 0 && part === '') return;
    out.push({ line: i === 0 ? line : part, message: part.trim(), level: i === 0 ? level : null, time: i === 0 ? time : null, structured: true });
  });
  return out;
}
