// Weighs what a file brings against what the vault holds: an imported account with the same
// site and username (case-insensitive) as a live account is a duplicate, which the person
// chooses to skip (the default, so a retried import adds nothing twice), keep as a second
// account, or use to update the existing one. Then writes the plan: new accounts in
// transactions of IMPORT_BATCH_SIZE (a failure keeps every batch already written), updates one
// by one, with progress and cancellation between them.
import type { AccountInput, AccountSummary, Vault } from '../vault';
import { AccountInputSchema, findDuplicates, hostOf } from '../vault';
import type { ImportFormat, ImportedAccount, ParsedImport, SkippedItem } from './imported-account';
import type { DuplicateChoice } from './format-lists';

export { DUPLICATE_CHOICES, type DuplicateChoice } from './format-lists';
export const IMPORT_BATCH_SIZE = 500;

export interface DuplicateItem {
  where: string;
  name: string;
  /** The vault's account it matches. */
  existingId: string;
  existingName: string;
}

export interface ImportPlan {
  format: ImportFormat;
  create: ImportedAccount[];
  update: Array<ImportedAccount & { existingId: string }>;
  duplicates: DuplicateItem[];
  skipped: SkippedItem[];
  onDuplicate: DuplicateChoice;
}

/**
 * `readOnly`: accounts the person may not change (shared with them as a Collaborator): a
 * duplicate of one is never an update, whatever was chosen.
 */
export function planImport(parsed: ParsedImport, existing: readonly AccountSummary[], onDuplicate: DuplicateChoice, readOnly: ReadonlySet<string> = new Set()): ImportPlan {
  const live = existing.filter((s) => s.deletedAt === null);
  const byId = new Map(live.map((s) => [s.id, s]));
  const candidates = parsed.accounts.map((account, index) => ({
    id: `import:${index}`,
    username: account.input.username ?? '',
    hosts: [...new Set((account.input.urls ?? []).map(hostOf).filter((h) => h !== ''))],
  }));
  const matches = findDuplicates(candidates, live);
  const plan: ImportPlan = { format: parsed.format, create: [], update: [], duplicates: [], skipped: [...parsed.skipped], onDuplicate };
  const updated = new Set<string>();
  parsed.accounts.forEach((account, index) => {
    // Only the vault's accounts count: two rows of one file are both the source's to keep.
    const existingId = matches[index]!.find((id) => byId.has(id));
    if (existingId === undefined || onDuplicate === 'keep') {
      plan.create.push(account);
      return;
    }
    plan.duplicates.push({ where: account.where, name: account.input.name, existingId, existingName: byId.get(existingId)!.name });
    if (onDuplicate === 'update' && readOnly.has(existingId)) {
      plan.skipped.push({ where: account.where, reason: `it matches "${byId.get(existingId)!.name}", shared with you as a Collaborator: only its Owner can change it` });
      return;
    }
    if (onDuplicate === 'update' && !updated.has(existingId)) {
      updated.add(existingId);
      plan.update.push({ ...account, existingId });
    }
  });
  return plan;
}

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ImportResult {
  format: ImportFormat;
  created: string[];
  updated: string[];
  duplicates: DuplicateItem[];
  skipped: SkippedItem[];
  /** True when a signal stopped it: what was written before stays, and a retry skips it as duplicates. */
  cancelled: boolean;
}

export async function applyImport(vault: Vault, plan: ImportPlan, options: { onProgress?: (p: ImportProgress) => void; signal?: AbortSignal } = {}): Promise<ImportResult> {
  const total = plan.create.length + plan.update.length;
  const result: ImportResult = { format: plan.format, created: [], updated: [], duplicates: plan.duplicates, skipped: [...plan.skipped], cancelled: false };
  const report = () => options.onProgress?.({ done: result.created.length + result.updated.length, total });
  for (let start = 0; start < plan.create.length; start += IMPORT_BATCH_SIZE) {
    // Between batches the process answers: progress is drawn, Ctrl+C and Cancel are heard.
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) return { ...result, cancelled: true };
    const batch = plan.create.slice(start, start + IMPORT_BATCH_SIZE);
    const { valid, invalid } = validated(batch);
    result.skipped.push(...invalid);
    const created = vault.accounts.createMany(valid.map((a) => a.input), `import:${plan.format}`, undefined, valid.map((a) => a.history ?? []));
    result.created.push(...created.map((w) => w.id));
    report();
  }
  for (const account of plan.update) {
    if (options.signal?.aborted) return { ...result, cancelled: true };
    const { valid, invalid } = validated([account]);
    result.skipped.push(...invalid);
    if (valid.length === 0) continue;
    const current = vault.accounts.get(account.existingId);
    vault.accounts.update(account.existingId, current.version, updatePatch(account.input));
    result.updated.push(account.existingId);
    report();
  }
  return result;
}

/** The fields an import updates: what the source knows better; Tessera's own (managed contacts, allowed origins) stay. */
function updatePatch(input: AccountInput) {
  const { name, urls, username, password, totp, notes, tags, customFields } = AccountInputSchema.parse(input);
  return { name, urls, username, password, totp, notes, tags, customFields };
}

/** Checked before the write, so one item over a limit is skipped instead of failing its whole batch. */
function validated<T extends ImportedAccount>(accounts: readonly T[]): { valid: T[]; invalid: SkippedItem[] } {
  const valid: T[] = [];
  const invalid: SkippedItem[] = [];
  for (const account of accounts) {
    const checked = AccountInputSchema.safeParse(account.input);
    if (checked.success) valid.push(account);
    else invalid.push({ where: account.where, reason: `it does not fit a Tessera account (${checked.error.issues[0]?.path.join('.') || 'field'}: ${checked.error.issues[0]?.message ?? 'invalid'})` });
  }
  return { valid, invalid };
}
