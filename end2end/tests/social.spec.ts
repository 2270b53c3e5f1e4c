// Social sign-in (OpenID Connect) against real Kratos and a real OpenID provider on localhost
// (end2end/oidc/provider.mjs, panva's oidc-provider). Kratos answers a link or a sign-in with a
// redirect to the provider after a form post, so these also prove that the page's CSP
// `form-action` lets the browser follow it (KRATOS_UI_PROVIDER_ORIGINS).

import {
  test, expect, createIdentity, signIn, expectSettingsPage, expectLoginPage, sel, onlyOn,
  expectNoViolations, jsEnabled, MAIN, SHORT, outlivePrivilegedSession, confirmWithPassword, uniqueEmail,
  type Page,
} from './helpers';

const PROVIDER = 'http://localhost:4600';

/** Signs in at the test provider as `login` and consents; the browser goes on to Kratos. */
async function signInAtProvider(page: Page, login: string) {
  await expect(page).toHaveURL(new RegExp(`^${PROVIDER}/interaction/`));
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'anything');
  await page.click('button[type=submit]');
  // The consent screen, shown once per client and account.
  if (new URL(page.url()).origin === PROVIDER) {
    await page.click('button[type=submit]');
  }
}

const linkButton = (page: Page) => page.locator(`${sel.group('oidc')} button[name=link][value=test]`);
const unlinkButton = (page: Page) => page.locator(`${sel.group('oidc')} button[name=unlink][value=test]`);

test.beforeEach(async ({ context, guard }) => {
  onlyOn('kratos', 'social sign-in needs real Kratos and the test provider');
  // The provider's own development screens load a web font and have no favicon: their page's
  // problems are not this app's.
  await context.route('https://fonts.googleapis.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/css', body: '' }),
  );
  guard.allow(new RegExp(`^console error on ${PROVIDER}/`));
});

test('an account at the provider is linked, signs in, and is unlinked', async ({ page, context }) => {
  const identity = await createIdentity(MAIN, 'social');
  await signIn(page, identity);
  await expect(page.locator(`${sel.group('oidc')} h2`)).toHaveText('Connected accounts');

  await linkButton(page).click();
  await signInAtProvider(page, identity.email);
  await expectSettingsPage(page);
  await expect(page.locator(sel.message(1050001))).toBeVisible();
  await expect(unlinkButton(page)).toBeVisible();
  await expect(linkButton(page)).toHaveCount(0);
  if (jsEnabled()) await expectNoViolations(page, 'the settings page with a linked account');

  // Signed out: the provider alone signs in.
  await context.clearCookies();
  await page.goto('/settings');
  await expectLoginPage(page);
  await page.locator(`${sel.group('oidc')} button[name=provider][value=test]`).click();
  await signInAtProvider(page, identity.email);
  await expectSettingsPage(page);
  await expect(page.locator(sel.email)).toContainText(identity.email);

  // Unlinked: the password is still there, so Kratos allows it.
  await unlinkButton(page).click();
  await expectSettingsPage(page);
  await expect(page.locator(sel.message(1050001))).toBeVisible();
  await expect(linkButton(page)).toBeVisible();
});

test('unlinking after the privileged session ran out asks to confirm it is you, then unlinks', async ({ page }) => {
  const identity = await createIdentity(SHORT, 'social');
  await signIn(page, identity, SHORT);
  await linkButton(page).click();
  await signInAtProvider(page, identity.email);
  await expectSettingsPage(page, SHORT);
  await expect(unlinkButton(page)).toBeVisible();

  await outlivePrivilegedSession(page);
  await unlinkButton(page).click();
  await confirmWithPassword(page, identity.password);

  // Back on settings, the parked unlink was applied.
  await expectSettingsPage(page, SHORT);
  await expect(page.locator(sel.message(1050001))).toBeVisible();
  await expect(unlinkButton(page)).toHaveCount(0);
  await expect(linkButton(page)).toBeVisible();
});

test('an identity that signs in only with the provider is not offered to unlink it', async ({ page }) => {
  // Created through the admin API with the provider as its only credential.
  const email = `social-only-${Date.now().toString(36)}@example.org`;
  const res = await fetch(`${MAIN.admin}/admin/identities`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      schema_id: 'default',
      traits: { email },
      credentials: { oidc: { config: { providers: [{ provider: 'test', subject: email }] } } },
    }),
  });
  expect(res.status, await res.text()).toBe(201);

  await page.goto('/settings');
  await expectLoginPage(page);
  await page.locator(`${sel.group('oidc')} button[name=provider][value=test]`).click();
  await signInAtProvider(page, email);
  await expectSettingsPage(page);
  // Kratos v1.3.1 offers no unlink for the last way to sign in (nor a link, as it is linked):
  // no dead control on the page, and a word on why.
  await expect(unlinkButton(page)).toHaveCount(0);
  await expect(linkButton(page)).toHaveCount(0);
  await expect(page.locator('[data-testid="ui/cannot-unlink"]')).toBeVisible();
  // A password can still be set, after which the account could be unlinked.
  await expect(page.locator(`${sel.group('password')} input[name=password]`)).toBeVisible();
});

test('signed up with the provider alone: it cannot be disconnected, the page says why, until a password is set', async ({ page }) => {
  await page.goto('/registration');
  const email = uniqueEmail('social-only');
  await page.locator(`${sel.group('oidc')} button[name=provider][value=test]`).click();
  await signInAtProvider(page, email);
  // Kratos's sign-up hooks sign the new identity in; it lands on its settings.
  await expectSettingsPage(page);
  await expect(page.locator(sel.email)).toContainText(email);
  await expect(unlinkButton(page)).toHaveCount(0);
  await expect(page.locator('[data-testid="ui/cannot-unlink"]')).toBeVisible();
  if (jsEnabled()) await expectNoViolations(page, 'the settings page with only a connected account');

  // A password beside it: now it can be disconnected.
  await page.fill(`${sel.group('password')} input[name=password]`, `Pw-${Date.now()}-social!`);
  await page.click(sel.method('password'));
  await expectSettingsPage(page);
  await expect(page.locator(sel.message(1050001))).toBeVisible();
  await expect(page.locator('[data-testid="ui/cannot-unlink"]')).toHaveCount(0);
  await unlinkButton(page).click();
  await expectSettingsPage(page);
  await expect(linkButton(page)).toBeVisible();
});
