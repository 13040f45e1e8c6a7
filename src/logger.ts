import { type Logger, LogLevel } from '@slack/logger';

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 10,
  [LogLevel.INFO]: 20,
  [LogLevel.WARN]: 30,
  [LogLevel.ERROR]: 40,
};

/** Slack tokens of every kind, wherever they appear in a message. */
const TOKEN_PATTERN = /\bx(?:ox[abposer]|app)-[A-Za-z0-9-]+/g;

export type LogSink = (line: string) => void;

/**
 * A JSON-lines logger that Bolt and our code share. Every line passes through
 * redaction: Slack tokens and any configured secret never reach the output.
 * What reps type never reaches it either: our lines carry IDs and lengths, a failed
 * query's parameters are left out, and the Slack libraries' debug lines (whole request
 * and response bodies: plans, DMs, replies) are dropped, whichever client logs them.
 */
export class JsonLogger implements Logger {
  private level: LogLevel;
  private name = 'focus-coach';
  private readonly secrets: string[];

  constructor(
    level: LogLevel | `${LogLevel}` = LogLevel.INFO,
    options: { secrets?: (string | undefined)[]; sink?: LogSink } = {},
  ) {
    this.level = level as LogLevel;
    // Longest first, so a secret containing another is replaced whole.
    this.secrets = (options.secrets ?? [])
      .filter((s): s is string => typeof s === 'string' && s.length >= 8)
      .sort((a, b) => b.length - a.length);
    this.sink = options.sink ?? ((line) => process.stdout.write(`${line}\n`));
  }

  private readonly sink: LogSink;

  debug(...msg: unknown[]): void {
    if (ORDER[LogLevel.DEBUG] < ORDER[this.level] || calledFromLibrary(this.debug)) return;
    this.write(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.write(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    this.write(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    this.write(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }

  redact(text: string): string {
    let out = text.replace(TOKEN_PATTERN, (token) => `${token.slice(0, 5)}[redacted]`);
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return out;
  }

  private write(level: LogLevel, parts: unknown[]): void {
    if (ORDER[level] < ORDER[this.level]) return;
    const msg = parts.map(describe).join(' ');
    const line = JSON.stringify({ time: new Date().toISOString(), level, name: this.name, msg });
    this.sink(this.redact(line));
  }
}

/**
 * Whether the code calling `logFn` is a library's (under node_modules). Only asked at debug level,
 * where a stack trace per line is affordable.
 */
function calledFromLibrary(logFn: (...args: unknown[]) => void): boolean {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  Error.captureStackTrace(holder, logFn);
  Error.stackTraceLimit = limit;
  return /[\\/]node_modules[\\/]/.test(holder.stack ?? '');
}

/** An error with its stack and causes; a failed query keeps its SQL, never its parameters (what a rep typed). */
function describeError(error: Error, depth = 0): string {
  const failedQuery = 'query' in error && 'params' in error;
  const message = failedQuery ? `Failed query: ${String(error.query)} (parameters left out)` : error.message;
  const head = `${error.name}: ${error.message}`;
  const stack = error.stack ?? head;
  const frames = stack.startsWith(head) ? stack.slice(head.length) : '';
  const cause =
    error.cause instanceof Error && depth < 3 ? `\nCaused by: ${describeError(error.cause, depth + 1)}` : '';
  return `${error.name}: ${message}${frames}${cause}`;
}

function describe(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof Error) return describeError(part);
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}
