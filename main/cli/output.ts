// Where the CLI's output goes. Results go to stdout: human text, or with --json exactly one
// JSON document `{"ok":true,"value":…}`. Notes and warnings go to stderr. Errors go to stderr
// as a sentence saying what to do; with --json stdout also gets `{"ok":false,"error":{…}}`,
// so stdout stays JSON-only. The exit code is authoritative either way.
import type { ErrorCode } from '../errors';
import { cliIo } from './cli-io';

type Details = Record<string, string | number | boolean>;

export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WritableStream = cliIo().stdout,
    private readonly stderr: NodeJS.WritableStream = cliIo().stderr,
  ) {}

  /** The command's result: `value` as a JSON envelope with --json, else `human` (a line or lines). */
  result(value: unknown, human: string): void {
    if (this.json) this.stdout.write(`${JSON.stringify({ ok: true, value }, null, 2)}\n`);
    else if (human !== '') this.stdout.write(human.endsWith('\n') ? human : `${human}\n`);
  }

  /** A document written as it is (audit export in CSV or JSON), never wrapped. */
  document(text: string): void {
    this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Information for the person, kept off stdout so stdout stays the data. */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    this.stderr.write(`warning: ${text}\n`);
  }

  /** `echoOnStderr` is false when the message was already printed there (commander's own errors). */
  error(code: ErrorCode, message: string, details?: Details, echoOnStderr = true): void {
    if (echoOnStderr) this.stderr.write(`tessera: ${message}\n`);
    if (this.json) {
      const error = details === undefined ? { code, message } : { code, message, details };
      this.stdout.write(`${JSON.stringify({ ok: false, error }, null, 2)}\n`);
    }
  }
}
