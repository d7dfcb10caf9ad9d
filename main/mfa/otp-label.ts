// The "Issuer:account" label that otpauth URIs and Google Authenticator exports both carry,
// read and written. The issuer can sit in the label prefix, in a separate field, or both; the
// separate field wins (Key Uri Format), and a disagreement is reported so the user can check.

export interface IssuerMismatch {
  labelIssuer: string;
  issuerParameter: string;
}

export interface ResolvedLabel {
  issuer?: string;
  accountName?: string;
  issuerMismatch?: IssuerMismatch;
}

/** `label` is already percent-decoded; `issuerField` is the issuer parameter or export field. */
export function resolveLabel(label: string, issuerField: string | undefined): ResolvedLabel {
  const colon = label.indexOf(':');
  const labelIssuer = colon === -1 ? undefined : label.slice(0, colon).trim() || undefined;
  const accountName = (colon === -1 ? label : label.slice(colon + 1)).trim() || undefined;
  const issuerParameter = issuerField?.trim() || undefined;
  const issuer = issuerParameter ?? labelIssuer;
  return {
    ...(issuer ? { issuer } : {}),
    ...(accountName ? { accountName } : {}),
    ...(labelIssuer && issuerParameter && labelIssuer !== issuerParameter
      ? { issuerMismatch: { labelIssuer, issuerParameter } }
      : {}),
  };
}

/** The URI label for these names, percent-encoded; `resolveLabel` reads it back. */
export function formatLabel(issuer: string | undefined, accountName: string | undefined): string {
  // The prefix ends at the first colon, so an issuer containing one goes only in the parameter.
  const prefix = issuer && !issuer.includes(':') ? issuer : '';
  const account = accountName ?? '';
  return prefix || account.includes(':')
    ? `${encodeURIComponent(prefix)}:${encodeURIComponent(account)}`
    : encodeURIComponent(account);
}
