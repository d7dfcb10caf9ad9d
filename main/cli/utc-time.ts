// Times in human output: "2026-12-05 06:05" (or with seconds), always UTC, like the rest of the CLI.
export function formatUtc(at: number, precision: 'minute' | 'second' = 'minute'): string {
  return new Date(at).toISOString().slice(0, precision === 'minute' ? 16 : 19).replace('T', ' ');
}
