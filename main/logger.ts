// Structured logging for the main process, CLI and relay. Fields are primitives only, and
// callers pass codes and ids, never secrets; the logger has no way to print an object dump.
export type LogFields = Record<string, string | number | boolean | undefined>;

export type Logger = {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
};

export type LogSink = (line: string) => void;

export function createLogger(sink: LogSink = (line) => process.stderr.write(line + '\n')): Logger {
  const write = (level: string, event: string, fields?: LogFields) =>
    sink(JSON.stringify({ t: new Date().toISOString(), level, event, ...fields }));
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
