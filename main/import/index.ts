// Public API of import and export: read another manager's export (Bitwarden, KeePass XML,
// 1Password, LastPass, KeePassXC, Chrome, Firefox, Safari, Dashlane, Tessera's own, otpauth
// lists), weigh it against the vault (duplicates: skip, keep or update) and write it in
// batches; and write the vault as Bitwarden JSON for leaving. Plain Node, so the CLI and the
// app share it.
export {
  FORMAT_NAMES, IMPORT_FORMATS, MAX_IMPORT_BYTES, MAX_IMPORT_ITEMS,
  type ImportFormat, type ImportedAccount, type ParsedImport, type SkippedItem,
} from './imported-account';
export { openImportFile, readImportBytes, readImportFile } from './read-import-file';
export { bitwardenJsonExport, plaintextExport } from './bitwarden-export';
export { PLAINTEXT_EXPORT_FORMATS, type PlaintextExportFormat } from './format-lists';
export {
  DUPLICATE_CHOICES, IMPORT_BATCH_SIZE, applyImport, planImport,
  type DuplicateChoice, type DuplicateItem, type ImportPlan, type ImportProgress, type ImportResult,
} from './import-plan';
