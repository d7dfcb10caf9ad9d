// The formats import reads and export writes, and the choices for an account already in the
// vault: plain lists in a module of their own, so the CLI's option lists and help load none of
// the readers, writers or the vault.
export const IMPORT_FORMATS = [
  'tessera-json', 'bitwarden-json', 'bitwarden-csv', '1password-csv', 'lastpass-csv', 'chrome-csv', 'firefox-csv', 'safari-csv',
  'dashlane-csv', 'keepassxc-csv', 'keepass-xml', 'kdbx', '1password-1pux', 'otpauth-list',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const FORMAT_NAMES: Record<ImportFormat, string> = {
  'tessera-json': "Tessera's JSON export",
  'bitwarden-json': 'Bitwarden JSON',
  'bitwarden-csv': 'Bitwarden CSV',
  '1password-csv': '1Password CSV',
  'lastpass-csv': 'LastPass CSV',
  'chrome-csv': 'Chrome or Edge CSV',
  'firefox-csv': 'Firefox CSV',
  'safari-csv': 'Safari CSV',
  'dashlane-csv': 'Dashlane CSV',
  'keepassxc-csv': 'KeePassXC CSV',
  'keepass-xml': 'KeePass XML',
  'kdbx': 'KeePass database (.kdbx)',
  '1password-1pux': '1Password 1PUX',
  'otpauth-list': 'a list of otpauth:// links',
};

export const DUPLICATE_CHOICES = ['skip', 'keep', 'update'] as const;
export type DuplicateChoice = (typeof DUPLICATE_CHOICES)[number];

export const PLAINTEXT_EXPORT_FORMATS = ['tessera-json', 'bitwarden-json', 'keepass-xml'] as const;
export type PlaintextExportFormat = (typeof PLAINTEXT_EXPORT_FORMATS)[number];
