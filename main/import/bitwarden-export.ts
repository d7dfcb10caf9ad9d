// Leaving Tessera as easily as arriving: the plaintext exports (Tessera's JSON, KeePass XML —
// formats/keepass-xml-export.ts — or Bitwarden's), with every account as Bitwarden's unencrypted JSON export,
// which Bitwarden, Vaultwarden, KeePassXC, 1Password and Proton Pass all import. The first tag
// becomes the item's folder (Bitwarden has no tags; the others are listed in the notes), the
// TOTP an otpauth:// link, secret custom fields "hidden" fields, and the password history
// Bitwarden's. The caller has the person's plaintext confirmation.
import { randomUUID } from 'node:crypto';
import { formatOtpauthUri, otpParamsFromStored } from '../mfa';
import { TESSERA_JSON_EXPORT, type ExportedAccount, type PlaintextRender, type Vault } from '../vault';
import { keePassXmlExport } from './formats/keepass-xml-export';

import type { PlaintextExportFormat } from './format-lists';

const RENDERS: Record<PlaintextExportFormat, PlaintextRender> = {
  'tessera-json': TESSERA_JSON_EXPORT,
  'bitwarden-json': { format: 'bitwarden-json', render: (accounts) => bitwardenJsonExport(accounts) },
  'keepass-xml': { format: 'keepass-xml', render: (accounts) => keePassXmlExport(accounts) },
};

/**
 * Every account but `exclude` (those shared with the person as a Collaborator) as a plaintext
 * export in `format`, and how many it holds; the vault audits it. The caller has the person's
 * confirmation and warns them about the file.
 */
export function plaintextExport(vault: Vault, format: PlaintextExportFormat, exclude: ReadonlySet<string>): { text: string; accounts: number } {
  const as = RENDERS[format];
  let accounts = 0;
  const text = vault.exportPlaintext({ plaintext: true }, exclude, { format: as.format, render: (all, context) => ((accounts = all.length), as.render(all, context)) });
  return { text, accounts };
}

export function bitwardenJsonExport(accounts: readonly ExportedAccount[]): string {
  const folderIds = new Map<string, string>();
  for (const { record } of accounts) {
    const [first] = record.tags;
    if (first !== undefined && !folderIds.has(first)) folderIds.set(first, randomUUID());
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const items = accounts.map(({ id, record, history }) => {
    const [folder, ...otherTags] = record.tags;
    const notes = [record.notes, otherTags.length ? `Tags: ${otherTags.join(', ')}` : ''].filter((n) => n !== '').join('\n\n');
    return {
      id,
      organizationId: null,
      folderId: folder === undefined ? null : folderIds.get(folder)!,
      type: 1,
      reprompt: 0,
      name: record.name,
      notes: notes || null,
      favorite: false,
      fields: record.customFields.map((field) => ({ name: field.name, value: field.value, type: field.secret ? 1 : 0, linkedId: null })),
      login: {
        uris: record.urls.map((uri) => ({ match: null, uri })),
        username: record.username || null,
        password: record.password || null,
        totp: record.totp ? formatOtpauthUri(otpParamsFromStored(record.totp)) : null,
      },
      passwordHistory: history.length ? history.map((h) => ({ lastUsedDate: iso(h.replacedAt), password: h.password })) : null,
      collectionIds: null,
      revisionDate: iso(record.updatedAt),
      creationDate: iso(record.createdAt),
      deletedDate: null,
    };
  });
  const folders = [...folderIds].map(([name, folderId]) => ({ id: folderId, name }));
  return JSON.stringify({ encrypted: false, folders, items }, null, 2);
}
