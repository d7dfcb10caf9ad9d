// Runs `runCli(argv)` in the test's own process (no build, no spawn): the environment is set
// for the call only, and what the CLI writes to stdout and stderr is captured. For tests that
// drive the CLI against services the test itself set up (mailbox, relay, fixture sites).
import { runCli } from '../../../main/cli/program';
import type { CliResult } from './cli-harness';

export async function runCliInProcess(argv: readonly string[], env: Record<string, string>): Promise<CliResult> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void) => ((chunk: string | Uint8Array) => {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture((text) => (stdout += text));
  process.stderr.write = capture((text) => (stderr += text));
  try {
    const code = await runCli(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
