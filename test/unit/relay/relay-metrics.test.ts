// The relay's Prometheus exposition (relay/relay-metrics.ts), read back by a strict parser of
// the text format 0.0.4: every family has HELP then TYPE before its samples, counters end in
// _total, the histogram's buckets are cumulative with +Inf equal to _count, label values are
// escaped, refusal reasons are the fixed set (and an unknown one is not exported), and what the
// metrics interface is told is what a scrape shows.
import { describe, expect, it } from 'vitest';
import { AUTH_REFUSAL_REASONS, LIMIT_REFUSAL_REASONS, NOTIFY_LAG_BUCKETS, PrometheusRelayMetrics, type AuthRefusalReason } from '../../../relay/relay-metrics';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
interface Family {
  help: string;
  type: string;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const unescape = (text: string) => text.replace(/\\(\\|"|n)/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** Parses the exposition strictly; any line out of place fails the test. */
function parse(text: string): Map<string, Family> {
  expect(text.endsWith('\n')).toBe(true);
  const families = new Map<string, Family>();
  let current: { name: string; family: Family } | undefined;
  const lines = text.slice(0, -1).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const help = new RegExp(`^# HELP (${NAME}) (.+)$`).exec(line);
    if (help) {
      const type = new RegExp(`^# TYPE ${help[1]} (counter|gauge|histogram)$`).exec(lines[++i] ?? '');
      expect(type, `TYPE after HELP of ${help[1]}`).not.toBeNull();
      expect(families.has(help[1]!), `${help[1]} appears once`).toBe(false);
      current = { name: help[1]!, family: { help: unescape(help[2]!), type: type![1]!, samples: [] } };
      families.set(help[1]!, current.family);
      continue;
    }
    const sample = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`).exec(line);
    expect(sample, `a sample line: ${line}`).not.toBeNull();
    expect(current, `a sample after its HELP and TYPE: ${line}`).toBeDefined();
    const [, name, labelText, valueText] = sample!;
    const allowed = current!.family.type === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => current!.name + s) : [current!.name];
    expect(allowed).toContain(name);
    const labels: Record<string, string> = {};
    if (labelText !== undefined) {
      const rest = labelText.replace(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g, (_, key: string, value: string) => {
        labels[key] = unescape(value);
        return '';
      });
      expect(rest, `labels of ${line}`).toBe('');
    }
    const value = valueText === '+Inf' ? Infinity : Number(valueText);
    expect(Number.isNaN(value), `value of ${line}`).toBe(false);
    current!.family.samples.push({ name: name!, labels, value });
  }
  return families;
}

const value = (families: Map<string, Family>, name: string, labels: Record<string, string> = {}) =>
  families
    .get(name)
    ?.samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value;

describe('relay metrics exposition', () => {
  it('is valid text format: HELP and TYPE per family, counters ending in _total, every reason exported from 0', () => {
    const metrics = new PrometheusRelayMetrics();
    const families = parse(metrics.render());
    expect([...families.keys()]).toEqual([
      'tessera_relay_open_connections',
      'tessera_relay_records_appended_total',
      'tessera_relay_record_bytes_appended_total',
      'tessera_relay_records_delivered_total',
      'tessera_relay_auth_refusals_total',
      'tessera_relay_limit_refusals_total',
      'tessera_relay_catch_up_reads_total',
      'tessera_relay_store_errors_total',
      'tessera_relay_notify_lag_seconds',
    ]);
    for (const [name, family] of families) {
      if (family.type === 'counter') expect(name).toMatch(/_total$/);
      expect(family.help.length).toBeGreaterThan(10);
    }
    expect(families.get('tessera_relay_open_connections')!.type).toBe('gauge');
    expect(families.get('tessera_relay_auth_refusals_total')!.samples.map((s) => s.labels)).toEqual(AUTH_REFUSAL_REASONS.map((reason) => ({ reason })));
    expect(families.get('tessera_relay_limit_refusals_total')!.samples.map((s) => s.labels)).toEqual(LIMIT_REFUSAL_REASONS.map((reason) => ({ reason })));
    for (const family of families.values()) for (const sample of family.samples) expect(sample.value).toBe(0);
  });

  it('shows what it was told: counts, bytes, reasons, the gauge read at each scrape', () => {
    const metrics = new PrometheusRelayMetrics();
    let open = 3;
    metrics.openConnections = () => open;
    metrics.recordAppended(100);
    metrics.recordAppended(28);
    metrics.recordsDelivered(5);
    metrics.recordsDelivered(0);
    metrics.authRefused('stale_key');
    metrics.authRefused('stale_key');
    metrics.limitRefused('workspace_quota');
    // A reason outside the fixed set (a caller bug) never becomes a series.
    metrics.authRefused('ws-1234' as AuthRefusalReason);
    metrics.catchUpRead();
    metrics.storeError();
    let families = parse(metrics.render());
    expect(value(families, 'tessera_relay_open_connections')).toBe(3);
    expect(value(families, 'tessera_relay_records_appended_total')).toBe(2);
    expect(value(families, 'tessera_relay_record_bytes_appended_total')).toBe(128);
    expect(value(families, 'tessera_relay_records_delivered_total')).toBe(5);
    expect(value(families, 'tessera_relay_auth_refusals_total', { reason: 'stale_key' })).toBe(2);
    expect(value(families, 'tessera_relay_auth_refusals_total', { reason: 'unknown_key' })).toBe(0);
    expect(value(families, 'tessera_relay_limit_refusals_total', { reason: 'workspace_quota' })).toBe(1);
    expect(families.get('tessera_relay_auth_refusals_total')!.samples).toHaveLength(AUTH_REFUSAL_REASONS.length);
    expect(value(families, 'tessera_relay_catch_up_reads_total')).toBe(1);
    expect(value(families, 'tessera_relay_store_errors_total')).toBe(1);
    open = 1;
    families = parse(metrics.render());
    expect(value(families, 'tessera_relay_open_connections')).toBe(1);
  });

  it('keeps the notify-lag histogram cumulative, with +Inf equal to _count and _sum the total', () => {
    const metrics = new PrometheusRelayMetrics();
    for (const seconds of [0.0005, 0.001, 0.003, 0.2, 0.2, 42]) metrics.notifyLag(seconds);
    // Not a duration: ignored.
    metrics.notifyLag(Number.NaN);
    const family = parse(metrics.render()).get('tessera_relay_notify_lag_seconds')!;
    expect(family.type).toBe('histogram');
    const buckets = family.samples.filter((s) => s.name.endsWith('_bucket'));
    expect(buckets.map((b) => b.labels['le'])).toEqual([...NOTIFY_LAG_BUCKETS.map(String), '+Inf']);
    const at = (le: string) => buckets.find((b) => b.labels['le'] === le)!.value;
    expect(at('0.001')).toBe(2);
    expect(at('0.0025')).toBe(2);
    expect(at('0.005')).toBe(3);
    expect(at('0.25')).toBe(5);
    expect(at('10')).toBe(5);
    expect(at('+Inf')).toBe(6);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
    expect(family.samples.find((s) => s.name.endsWith('_count'))!.value).toBe(6);
    expect(family.samples.find((s) => s.name.endsWith('_sum'))!.value).toBeCloseTo(0.0005 + 0.001 + 0.003 + 0.4 + 42, 9);
  });
});
