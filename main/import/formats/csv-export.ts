// Reads any password CSV of csv-formats.ts: parsed by csv-parse (quotes, line breaks inside
// cells, a byte-order mark), each row mapped by its format's columns. A row that cannot be an
// account is skipped with the reason; the rest of the file goes on.
import { parse } from 'csv-parse/sync';
import type { CustomField } from '../../vault';
import {
  ImportCollector, MAX_IMPORT_ITEMS, SkipItem, importInvalid, nameFor, tagsFrom, totpFromText, webUrls, type ParsedImport,
} from '../imported-account';
import { csvFormatFor, CSV_FORMATS, type CsvFormat } from './csv-formats';

export function readCsvExport(text: string, only?: CsvFormat['format']): ParsedImport {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 1_000_000, to: MAX_IMPORT_ITEMS + 2 }) as string[][];
  } catch (error) {
    throw importInvalid(`This CSV file cannot be read: ${(error as Error).message.split('\n')[0]}. Export it again from the app it came from.`);
  }
  const [header, ...body] = rows;
  if (!header) throw importInvalid('This CSV file is empty.');
  if (body.length > MAX_IMPORT_ITEMS) throw importInvalid(`This file holds more than ${MAX_IMPORT_ITEMS.toLocaleString('en')} items; split it and import the parts one by one.`);
  const headers = header.map((h) => h.trim().toLowerCase());
  const format = only ? CSV_FORMATS.find((f) => f.format === only) : csvFormatFor(headers);
  if (!format || !format.requires.every((column) => headers.includes(column))) {
    throw importInvalid(`The columns of this CSV file (${headers.slice(0, 8).join(', ')}) are not those of a password export Tessera knows. Export as Bitwarden, 1Password, LastPass, Chrome, Firefox, Safari or Dashlane CSV.`);
  }
  const collector = new ImportCollector();
  body.forEach((cells, index) => {
    const row = Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? '']));
    collector.add(`row ${index + 2}`, () => {
      const reason = format.notALogin?.(row);
      if (reason) throw new SkipItem(reason);
      return { input: accountFrom(row, format) };
    });
  });
  return collector.result(format.format);
}

function accountFrom(row: Readonly<Record<string, string>>, { columns, tagSeparator }: CsvFormat) {
  const urls = webUrls(columns.urls.map((c) => row[c]));
  const username = row[columns.username] ?? '';
  const password = row[columns.password] ?? '';
  const name = nameFor(columns.name ? row[columns.name] : undefined, urls, username);
  if (!username && !password && urls.length === 0) throw new SkipItem('it has no username, password or web address');
  const tagCells = (columns.tags ?? []).map((c) => row[c]);
  const tags = tagsFrom(tagSeparator ? tagCells.flatMap((cell) => (cell ?? '').split(tagSeparator)) : tagCells);
  return {
    name,
    urls,
    username,
    password,
    totp: totpFromText(columns.totp ? row[columns.totp] : undefined, name),
    notes: columns.notes ? (row[columns.notes] ?? '') : '',
    tags,
    customFields: columns.customFields ? customFieldsFrom(row[columns.customFields] ?? '') : [],
  };
}

/** Bitwarden's "fields" cell: "name: value" per line; the values stay secret (the CSV says nothing of their kind). */
function customFieldsFrom(cell: string): CustomField[] {
  return cell.split(/\r?\n/).flatMap((line) => {
    const colon = line.indexOf(': ');
    const name = (colon > 0 ? line.slice(0, colon) : '').trim();
    return name ? [{ name: name.slice(0, 200), value: line.slice(colon + 2), secret: true }] : [];
  }).slice(0, 100);
}
