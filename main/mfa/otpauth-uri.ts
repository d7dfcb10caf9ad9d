// otpauth:// URIs (Google's Key Uri Format): parse what setup pages and other apps hand us,
// and format entries back for export. Steam Guard rides on the same scheme, marked by
// `encoder=steam`, the issuer "Steam", or (Aegis) the type `steam`.

import { TesseraError } from '../errors';
import { formatLabel, resolveLabel, type IssuerMismatch } from './otp-label';
import { normalizeOtpParams, type OtpParams, type OtpType } from './otp-params';

export interface ParsedOtpauthUri {
  params: OtpParams;
  /** Set when the label prefix names another issuer than the issuer parameter (which won). */
  issuerMismatch?: IssuerMismatch;
}

const SCHEME = 'otpauth://';

export function parseOtpauthUri(text: string): ParsedOtpauthUri {
  const uri = text.trim();
  if (!uri.toLowerCase().startsWith(SCHEME)) {
    throw invalid('it does not start with otpauth://');
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalid('it is not a well-formed URI');
  }
  const typeName = url.hostname.toLowerCase();
  if (typeName !== 'totp' && typeName !== 'hotp' && typeName !== 'steam') {
    throw invalid(`the type '${typeName || '(empty)'}' is unknown (expected totp or hotp)`);
  }
  const query = url.searchParams;
  const secret = query.get('secret');
  if (!secret) throw invalid('the secret parameter is missing');

  let label: string;
  try {
    label = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch {
    throw invalid('the label has broken percent-encoding');
  }
  const { issuerMismatch, ...names } = resolveLabel(label, query.get('issuer') ?? undefined);
  const isSteam =
    typeName === 'steam' || query.get('encoder')?.toLowerCase() === 'steam' || names.issuer?.toLowerCase() === 'steam';
  const type: OtpType = isSteam ? 'steam' : typeName === 'hotp' ? 'hotp' : 'totp';
  if (type === 'hotp' && query.get('counter') === null) {
    throw invalid('an HOTP URI needs a counter parameter');
  }
  const params = normalizeOtpParams({
    type,
    secret,
    ...names,
    ...optional('algorithm', query.get('algorithm')),
    ...integerParameter(query, 'digits'),
    ...integerParameter(query, 'period'),
    ...integerParameter(query, 'counter'),
  });
  return issuerMismatch ? { params, issuerMismatch } : { params };
}

export function formatOtpauthUri(params: OtpParams): string {
  const issuer = params.issuer ?? (params.type === 'steam' ? 'Steam' : undefined);
  const query = new URLSearchParams({ secret: params.secret });
  if (issuer) query.set('issuer', issuer);
  if (params.type === 'steam') {
    query.set('encoder', 'steam');
  } else {
    query.set('algorithm', params.algorithm);
    query.set('digits', String(params.digits));
    if (params.type === 'hotp') query.set('counter', String(params.counter));
    else query.set('period', String(params.period));
  }
  // URLSearchParams writes spaces as '+'; authenticator apps expect %20.
  return `${SCHEME}${params.type === 'hotp' ? 'hotp' : 'totp'}/${formatLabel(issuer, params.accountName)}?${query.toString().replace(/\+/g, '%20')}`;
}

function integerParameter(query: URLSearchParams, name: 'digits' | 'period' | 'counter'): Partial<Record<typeof name, number>> {
  const raw = query.get(name);
  if (raw === null) return {};
  if (!/^\d+$/.test(raw.trim())) throw invalid(`${name} must be a whole number, got '${raw}'`);
  return { [name]: Number(raw.trim()) };
}

function optional<K extends string>(key: K, value: string | null): Partial<Record<K, string>> {
  return value === null ? {} : ({ [key]: value } as Record<K, string>);
}

function invalid(problem: string): TesseraError {
  return new TesseraError('OTPAUTH_INVALID', `This otpauth link cannot be used: ${problem}.`);
}
