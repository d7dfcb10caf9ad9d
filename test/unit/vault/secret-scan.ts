// Looks for known secrets in the bytes of a vault's files (database, -wal, -journal,
// -shm): as UTF-8, as UTF-16LE, and as base64 at each of the three byte alignments a
// secret can have inside a longer base64 string.
import { existsSync, readFileSync } from 'node:fs';

export interface SecretFinding {
  file: string;
  secret: string;
  encoding: string;
}

/** The byte patterns a secret would leave on disk. */
export function secretPatterns(secret: string): { encoding: string; bytes: Buffer }[] {
  const utf8 = Buffer.from(secret, 'utf8');
  const patterns = [
    { encoding: 'utf-8', bytes: utf8 },
    { encoding: 'utf-16le', bytes: Buffer.from(secret, 'utf16le') },
  ];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), utf8]).toString('base64');
    // Skip the leading group mixed with unknown bytes and the trailing partial group.
    const start = shift === 0 ? 0 : 4;
    const end = Math.floor((shift + utf8.length) / 3) * 4;
    const stable = encoded.slice(start, end);
    if (stable.length >= 8) patterns.push({ encoding: `base64 (shift ${shift})`, bytes: Buffer.from(stable, 'latin1') });
  }
  return patterns;
}

export function vaultFiles(dbPath: string): string[] {
  return [dbPath, `${dbPath}-wal`, `${dbPath}-journal`, `${dbPath}-shm`].filter((f) => existsSync(f));
}

export function scanFilesForSecrets(files: readonly string[], secrets: readonly string[]): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const file of files) {
    const content = readFileSync(file);
    for (const secret of secrets) {
      for (const { encoding, bytes } of secretPatterns(secret)) {
        if (content.includes(bytes)) findings.push({ file, secret, encoding });
      }
    }
  }
  return findings;
}
