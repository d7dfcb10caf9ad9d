// Handlers for import.*: the file comes from the main process's open dialog (never a path
// from the renderer); what it read stays here, under a token, until the person imports it or
// picks another file (one pending import at a time, dropped at lock). Only names, counts and
// reasons go to the renderer: no password or secret of the file crosses the channel.
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { isTesseraError, TesseraError } from '../../errors';
import {
  FORMAT_NAMES, applyImport, openImportFile, planImport, plaintextExport, readImportFile,
  type DuplicateChoice, type ImportFormat, type ParsedImport, type PlaintextExportFormat,
} from '../../import';
import type { DUPLICATE_CHOICE_IDS, IMPORT_FORMAT_IDS, ImportPreview } from '../contract/import';
import type { ChannelInput } from '../contract';
import type { HandlerSlice } from '../handler-types';
import { collaboratorAccountIds } from './collaborator-accounts';
import type { Services } from '../../services';

// The contract lists the formats on its own (it imports nothing of main): these fail the build when the lists drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const formatsAgree: Same<ImportFormat, (typeof IMPORT_FORMAT_IDS)[number]> = true;
const choicesAgree: Same<DuplicateChoice, (typeof DUPLICATE_CHOICE_IDS)[number]> = true;
const exportsAgree: Same<PlaintextExportFormat, ChannelInput<'import.export'>['format']> = true;
void formatsAgree;
void choicesAgree;
void exportsAgree;

const LISTED = 50;

const EXPORT_FILES: Record<PlaintextExportFormat, { suggestedName: string; fileType: { name: string; extensions: string[] } }> = {
  'tessera-json': { suggestedName: 'tessera-export.json', fileType: { name: 'JSON', extensions: ['json'] } },
  'bitwarden-json': { suggestedName: 'tessera-bitwarden-export.json', fileType: { name: 'JSON', extensions: ['json'] } },
  'keepass-xml': { suggestedName: 'tessera-keepass-export.xml', fileType: { name: 'KeePass XML', extensions: ['xml'] } },
};

interface Pending {
  token: string;
  fileName: string;
  /** Null until a KeePass database or a protected Bitwarden export is opened with its password (`path` names it meanwhile). */
  parsed: ParsedImport | null;
  path?: string;
  running?: AbortController;
}

export function importHandlers({ vault, events, platform, sharing }: Services): HandlerSlice<'import.preview' | 'import.unlock' | 'import.run' | 'import.cancel' | 'import.export'> {
  let pending: Pending | null = null;
  events.subscribe((event) => {
    if (event === 'vault.locked') pending = null;
  });

  const existing = () => vault.unlocked().accounts.list().flatMap((entry) => (entry.status === 'ok' ? [entry] : []));
  const readOnly = () => collaboratorAccountIds({ vault, sharing });
  const current = (token: string): Pending => {
    if (!pending || pending.token !== token) throw new TesseraError('INVALID_INPUT', 'That import is no longer open. Choose the file again.');
    return pending;
  };
  const parsedOf = (entry: Pending): ParsedImport => {
    if (!entry.parsed) throw new TesseraError('IMPORT_NEEDS_PASSWORD', 'Give the file\'s password first.');
    return entry.parsed;
  };
  const preview = (entry: Pending, onDuplicate: DuplicateChoice): ImportPreview => {
    const plan = planImport(parsedOf(entry), existing(), onDuplicate, readOnly());
    return {
      token: entry.token,
      fileName: entry.fileName,
      formatName: FORMAT_NAMES[plan.format],
      onDuplicate,
      toCreate: plan.create.length,
      toUpdate: plan.update.length,
      sample: [...plan.create, ...plan.update].slice(0, 5).map((a) => a.input.name),
      duplicates: plan.duplicates.slice(0, LISTED).map(({ where, name, existingName }) => ({ where, name, existingName })),
      duplicateCount: plan.duplicates.length,
      skipped: plan.skipped.slice(0, LISTED),
      skippedCount: plan.skipped.length,
    };
  };

  return {
    'import.preview': async ({ token, onDuplicate, format }) => {
      vault.unlocked();
      if (token !== undefined) return preview(current(token), onDuplicate);
      if (!platform.chooseFile) throw new TesseraError('NOT_SUPPORTED', 'Choosing a file needs the desktop app. From a terminal: tessera import FILE.');
      const path = await platform.chooseFile('import');
      if (path === null) return null;
      const fresh = randomBytes(16).toString('base64url');
      try {
        pending = { token: fresh, fileName: basename(path), parsed: readImportFile(path, format) };
      } catch (error) {
        if (!isTesseraError(error) || error.code !== 'IMPORT_NEEDS_PASSWORD') throw error;
        pending = { token: fresh, fileName: basename(path), parsed: null, path };
        return { token: fresh, fileName: pending.fileName, needsPassword: true as const, kind: error.details?.['kind'] === 'bitwarden' ? 'bitwarden' as const : 'kdbx' as const };
      }
      return preview(pending, onDuplicate);
    },
    'import.unlock': async ({ token, password, onDuplicate }) => {
      const entry = current(token);
      if (!entry.path) throw new TesseraError('INVALID_INPUT', 'This file needs no password.');
      entry.parsed = await openImportFile(entry.path, { credentials: { password } });
      return preview(entry, onDuplicate);
    },
    'import.run': async ({ token, onDuplicate }) => {
      const entry = current(token);
      if (entry.running) throw new TesseraError('INVALID_INPUT', 'This import is already running.');
      const plan = planImport(parsedOf(entry), existing(), onDuplicate, readOnly());
      entry.running = new AbortController();
      try {
        const result = await applyImport(vault.unlocked(), plan, {
          signal: entry.running.signal,
          onProgress: ({ done, total }) => events.emit('import.progress', { token, done, total }),
        });
        if (!result.cancelled) pending = null;
        return { created: result.created.length, updated: result.updated.length, duplicates: result.duplicates.length, skipped: result.skipped.length, cancelled: result.cancelled };
      } finally {
        delete entry.running;
      }
    },
    'import.export': async ({ format }) => {
      const unlocked = vault.unlocked();
      if (!platform.saveFile) throw new TesseraError('NOT_SUPPORTED', 'Saving files needs the desktop app. From a terminal: tessera export --plaintext FILE --i-understand.');
      // Passwords shared with the person as a Collaborator are not theirs to take along.
      const leftOut = readOnly();
      const { text, accounts } = plaintextExport(unlocked, format, leftOut);
      const { suggestedName, fileType } = EXPORT_FILES[format];
      const saved = await platform.saveFile({ suggestedName, bytes: new TextEncoder().encode(text), fileType });
      return saved ? { saved: true, fileName: saved.fileName, accounts, leftOut: leftOut.size } : { saved: false, accounts: 0, leftOut: leftOut.size };
    },
    'import.cancel': ({ token }) => {
      const running = pending?.token === token ? pending.running : undefined;
      running?.abort();
      return { cancelled: running !== undefined };
    },
  };
}
