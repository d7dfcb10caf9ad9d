// Channels for importing another manager's export in the app: `import.preview` asks the main
// process's open dialog for the file (the renderer never names a path) and shows what would
// come in; with the token of an earlier preview it weighs the same file again under another
// duplicate choice. `import.run` writes it with `import.progress` events; `import.cancel`
// stops between batches; `import.export` writes the vault for another manager. Exported files
// hold plain-text passwords: no password crosses here.
import { z } from 'zod';
import { channel, event } from './define';
import { MAX_SECRET } from './limits';

export const IMPORT_FORMAT_IDS = [
  'tessera-json', 'bitwarden-json', 'bitwarden-csv', '1password-csv', 'lastpass-csv', 'chrome-csv', 'firefox-csv', 'safari-csv',
  'dashlane-csv', 'keepassxc-csv', 'keepass-xml', 'kdbx', '1password-1pux', 'otpauth-list',
] as const;
export const DUPLICATE_CHOICE_IDS = ['skip', 'keep', 'update'] as const;
export type DuplicateChoiceId = (typeof DUPLICATE_CHOICE_IDS)[number];

export interface ImportPreview {
  token: string;
  fileName: string;
  formatName: string;
  onDuplicate: DuplicateChoiceId;
  /** Accounts the import creates and updates under the current choice. */
  toCreate: number;
  toUpdate: number;
  /** Names of the first accounts, to see that the right file was read. */
  sample: string[];
  duplicates: { where: string; name: string; existingName: string }[];
  duplicateCount: number;
  skipped: { where: string; reason: string }[];
  skippedCount: number;
}

/** A KeePass database or a password-protected Bitwarden export was chosen: it opens with its password (`import.unlock`). */
export interface LockedImport {
  token: string;
  fileName: string;
  needsPassword: true;
  kind: 'kdbx' | 'bitwarden';
}

export interface ImportSummary {
  created: number;
  updated: number;
  duplicates: number;
  skipped: number;
  cancelled: boolean;
}

const token = z.string().min(1).max(64);
const onDuplicate = z.enum(DUPLICATE_CHOICE_IDS).default('skip');

export const importChannels = {
  /** null: the person closed the dialog without choosing a file; a KeePass database comes back locked. */
  'import.preview': channel<ImportPreview | LockedImport | null>()(z.strictObject({ token: token.optional(), onDuplicate, format: z.enum(IMPORT_FORMAT_IDS).optional() })),
  /** Opens the chosen KeePass database or protected Bitwarden export with its password (key files: `tessera import --key-file`). */
  'import.unlock': channel<ImportPreview>()(z.strictObject({ token, password: z.string().min(1, 'enter the database password').max(MAX_SECRET), onDuplicate })),
  'import.run': channel<ImportSummary>()(z.strictObject({ token, onDuplicate })),
  'import.cancel': channel<{ cancelled: boolean }>()(z.strictObject({ token })),
  /**
   * Every account the person owns, passwords included, unencrypted, to a file they pick in the
   * save dialog: Tessera's JSON, Bitwarden's JSON or KeePass XML. Needs `iUnderstand: true`; audited.
   */
  'import.export': channel<{ saved: boolean; fileName?: string; accounts: number; leftOut: number }>()(
    z.strictObject({ format: z.enum(['tessera-json', 'bitwarden-json', 'keepass-xml']), iUnderstand: z.literal(true) }),
  ),
};

export const importEvents = {
  'import.progress': event<{ token: string; done: number; total: number }>(),
};
