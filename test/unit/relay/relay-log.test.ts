// The relay's structured log (relay/relay-log.ts) and its operations flags
// (relay/serve-until-stopped.ts): one JSON object or one text line per event with time, level and
// event first; access-log entries become http_request events; without --log-format only
// warnings and errors are written, as JSON (what the relay always wrote); bad flags are refused.
import { describe, expect, it } from 'vitest';
import { formatLogLine, relayLog } from '../../../relay/relay-log';
import { serveFlagsFrom } from '../../../relay/serve-until-stopped';

const AT = Date.UTC(2026, 11, 6, 16, 30, 0, 123);

describe('relay log lines', () => {
  it('writes one JSON object per line: time, level, event, then the fields (undefined ones left out)', () => {
    const line = formatLogLine('json', AT, 'info', 'draining', { signal: 'SIGTERM', connections: 3, missing: undefined });
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ time: '2026-12-06T16:30:00.123Z', level: 'info', event: 'draining', signal: 'SIGTERM', connections: 3 });
    expect(Object.keys(JSON.parse(line) as object).slice(0, 3)).toEqual(['time', 'level', 'event']);
  });

  it('writes text as time level event key=value, quoting values with spaces, quotes or newlines', () => {
    expect(formatLogLine('text', AT, 'warn', 'store_error', { code: 'RELAY_STORE_UNAVAILABLE', message: 'PostgreSQL "x" is\ndown', ok: false })).toBe(
      '2026-12-06T16:30:00.123Z warn store_error code=RELAY_STORE_UNAVAILABLE message="PostgreSQL \\"x\\" is\\ndown" ok=false',
    );
  });

  it('logs access entries as http_request events at their own time, and every event only with a format', () => {
    const lines: string[] = [];
    const log = relayLog({ format: 'json', out: (line) => lines.push(line) });
    log.access({ at: AT, method: 'GET', route: '/l/abcdef…/info', status: 404 });
    log.write('info', 'stopped', { ms: 12 });
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
    expect(lines.map((l) => JSON.parse(l) as object)).toEqual([
      { time: '2026-12-06T16:30:00.123Z', level: 'info', event: 'http_request', method: 'GET', route: '/l/abcdef…/info', status: 404 },
      expect.objectContaining({ level: 'info', event: 'stopped', ms: 12 }),
    ]);

    const quiet: string[] = [];
    const defaults = relayLog({ out: (line) => quiet.push(line) });
    defaults.write('info', 'draining', { connections: 1 });
    defaults.write('warn', 'store_error', { message: 'gone' });
    expect(quiet).toHaveLength(1);
    expect(JSON.parse(quiet[0]!)).toMatchObject({ level: 'warn', event: 'store_error', message: 'gone' });
  });
});

describe('relay serve operations flags', () => {
  it('reads the log format, the drain timeout (10 s by default) and the metrics port', () => {
    expect(serveFlagsFrom({})).toEqual({ drainTimeoutMs: 10_000 });
    expect(serveFlagsFrom({ logFormat: 'text', drainTimeout: '2.5', metricsPort: '9187' })).toEqual({ logFormat: 'text', drainTimeoutMs: 2500, metricsPort: 9187 });
  });

  it('refuses what it cannot use, saying what it takes', () => {
    expect(serveFlagsFrom({ logFormat: 'xml' })).toEqual({ error: '--log-format takes json or text, not xml.' });
    expect(serveFlagsFrom({ drainTimeout: '0' })).toMatchObject({ error: expect.stringContaining('--drain-timeout') });
    expect(serveFlagsFrom({ drainTimeout: 'soon' })).toMatchObject({ error: expect.stringContaining('--drain-timeout') });
    expect(serveFlagsFrom({ metricsPort: '70000' })).toMatchObject({ error: expect.stringContaining('--metrics-port') });
    expect(serveFlagsFrom({ trustedProxy: '10.0.0.5, balancer.lan' })).toEqual({ error: '--trusted-proxy takes IP addresses separated by commas, not balancer.lan.' });
    expect(serveFlagsFrom({ trustedProxy: '10.0.0.5,::1' })).toEqual({ drainTimeoutMs: 10_000, trustedProxies: ['10.0.0.5', '::1'] });
  });
});
