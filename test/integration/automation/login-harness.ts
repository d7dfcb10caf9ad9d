// Runs performGenericLogin against a fixture site with the fixture's account, or with a wrong
// password, in a fresh context of the shared browser.
import type { CredentialProvider } from '../../../automation/login/credential-provider';
import { type GenericLoginOptions, type GenericLoginResult, performGenericLogin } from '../../../automation/login/generic-login';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import type { SharedBrowser } from './browser-fixture';
import { BUSY_MACHINE_STEP_TIMEOUT_MS } from '../../support/timeouts';

export const WRONG_PASSWORD = 'not the password';

export function credentials(password = FIXTURE_PASSWORD, username = FIXTURE_USERNAME): CredentialProvider {
  return { username: async () => username, password: async () => password };
}

export async function loginTo(
  browser: SharedBrowser,
  url: string,
  { password = FIXTURE_PASSWORD, ...options }: { password?: string } & Partial<GenericLoginOptions> = {},
): Promise<GenericLoginResult> {
  const page = await browser.newPage();
  try {
    return await performGenericLogin(page, credentials(password), { loginUrl: url, stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS, ...options });
  } finally {
    await page.context().close();
  }
}
