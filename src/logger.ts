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

function describe(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof Error) return part.stack ?? `${part.name}: ${part.message}`;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}
