// Judges what simulated devices (simulated-device.ts) published and received: every record the
// relay acknowledged (or a test appended to the store directly) reached every subscriber of its
// doc exactly once, in number order, with no gap, and with the bytes acknowledged under that
// number. Counts lost, duplicated, reordered and mismatched deliveries, and lists the first
// problems in words, so a failing test or bench says what went wrong where.
import type { SimulatedDevice } from './simulated-device';

/** A record known to be in a doc's log under a number. */
export interface KnownRecord {
  docId: string;
  seq: number;
  text: string;
}

export interface DeliveryReport {
  /** Distinct records known to be in the logs (acknowledged, or appended by the test). */
  published: number;
  /** Records received, over every subscriber (duplicates included). */
  delivered: number;
  /** A subscriber's missing records: a known record it never received, or a gap below the highest number it received. */
  lost: number;
  /** Receipts of a number the subscriber had already received. */
  duplicated: number;
  /** Receipts of a number lower than one received before it. */
  reordered: number;
  /** Receipts whose bytes differ from what was acknowledged under that number (or two acknowledgements of one number with different bytes). */
  mismatched: number;
  /** Errors the relay answered publishes with. */
  errors: number;
  /** The first problems, in words. */
  problems: string[];
}

const MAX_PROBLEMS = 20;

export function checkDelivery(devices: readonly SimulatedDevice[], appended: readonly KnownRecord[] = []): DeliveryReport {
  const report: DeliveryReport = { published: 0, delivered: 0, lost: 0, duplicated: 0, reordered: 0, mismatched: 0, errors: 0, problems: [] };
  const problem = (text: string) => {
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(text);
  };
  const known = new Map<string, Map<number, string>>();
  for (const record of [...devices.flatMap((d) => d.acknowledged), ...appended]) {
    let doc = known.get(record.docId);
    if (!doc) known.set(record.docId, (doc = new Map()));
    const before = doc.get(record.seq);
    if (before === undefined) doc.set(record.seq, record.text);
    else if (before !== record.text) {
      report.mismatched++;
      problem(`${record.docId} #${record.seq} acknowledged for two different records`);
    }
  }
  for (const doc of known.values()) report.published += doc.size;
  for (const device of devices) {
    report.errors += device.errors.length;
    for (const error of device.errors) problem(`${device.name}: ${error.code} ${error.message}`);
    for (const [docId, receipts] of device.received) {
      const expected = known.get(docId) ?? new Map<number, string>();
      report.delivered += receipts.length;
      const seen = new Set<number>();
      let highest = 0;
      for (const { seq, text } of receipts) {
        if (seen.has(seq)) {
          report.duplicated++;
          problem(`${device.name} received ${docId} #${seq} twice`);
        } else if (seq < highest) {
          report.reordered++;
          problem(`${device.name} received ${docId} #${seq} after #${highest}`);
        }
        seen.add(seq);
        highest = Math.max(highest, seq);
        const want = expected.get(seq);
        if (want !== undefined && want !== text) {
          report.mismatched++;
          problem(`${device.name} received other bytes under ${docId} #${seq} than were acknowledged`);
        }
      }
      let last = highest;
      for (const seq of expected.keys()) last = Math.max(last, seq);
      for (let seq = 1; seq <= last; seq++) {
        if (seen.has(seq)) continue;
        report.lost++;
        problem(`${device.name} never received ${docId} #${seq}`);
      }
    }
  }
  return report;
}

/** True when nothing is missing yet (what a test polls for before judging the whole report). */
export function allDelivered(devices: readonly SimulatedDevice[], appended: readonly KnownRecord[] = []): boolean {
  return checkDelivery(devices, appended).lost === 0;
}
