import {
  test, expect, createIdentity, signIn, submitPassword, expectSettingsPage, expectLoginPage, expectNoViolations,
  onlyOn, sel, MAIN, SHORT, SHORT_LIFESPAN_MS, escapeRe, jsEnabled, uniqueEmail, courierMessage, codeIn, linkIn,
  type Env, type Page,
} from './helpers';

// Sign-up, account recovery and email verification against real Kratos (the emulator has none of
// these flows). Codes and links come from Kratos's courier through the admin API.

const STRONG = 'a-Strong-passw0rd-for-tests';

/** On `path` of `env`'s UI: a flow made on the server (no `?flow=` yet), or one Kratos sent back. */
async function expectOn(page: Page, env: Env, path: string) {
  await expect(page).toHaveURL(new RegExp(`^${escapeRe(env.ui)}${path}(\\?|$)`));
}

/** Axe on this state of the page (JS runs only: the pages' DOM is the server's HTML either way). */
async function axe(page: Page, what: string) {
  if (jsEnabled()) await expectNoViolations(page, what);
}

/** Fills the first sign-up screen (the profile) and continues to the credentials. */
async function signUpProfile(page: Page, email: string) {
  await page.goto(`${MAIN.ui}/registration`);
  await expectOn(page, MAIN, '/registration');
  await expect(page.locator('h1')).toHaveText('Create an account');
  await page.fill('input[name="traits.email"]', email);
  await page.fill('input[name="traits.name.first"]', 'Grace');
  await page.fill('input[name="traits.name.last"]', 'Hopper');
  await page.click(sel.method('profile'));
  await expect(page.locator(`${sel.group('password')} input[name=password]`)).toBeVisible();
}

/** On the verification page with a code sent to `email`: enters it and sees the address verified. */
async function verifyWithCode(page: Page, env: Env, email: string, since: number) {
  await expectOn(page, env, '/verification');
  await expect(page.locator('h1')).toHaveText('Enter your verification code');
  await expect(page.locator(sel.message(1080003))).toBeVisible();
  await axe(page, 'the verification page, code sent');
  const code = codeIn(await courierMessage(env, email, since));
  await page.fill('input[name=code]', code);
  await page.click(sel.method('code'));
  await expectOn(page, env, '/verification');
  await expect(page.locator('h1')).toHaveText('Email address verified');
  await expect(page.locator(sel.message(1080002))).toBeVisible();
  await axe(page, 'the verification page, verified');
}

test.describe('sign-up, recovery and verification', () => {
  test.beforeEach(() => onlyOn('kratos', 'the emulator has no sign-up, recovery or verification flows'));

  test('sign up with a password, verify the address with the emailed code, and see it verified', async ({ page }) => {
    // The sign-in page offers sign-up.
    await page.goto(`${MAIN.ui}/settings`);
    await expectLoginPage(page);
    await page.click('[data-testid="login/registration"]');
    await expectOn(page, MAIN, '/registration');
    await axe(page, 'the sign-up page');

    const email = uniqueEmail('signup');
    const since = Date.now();
    await signUpProfile(page, email);
    // A weak password is refused at the field.
    await page.fill(`${sel.group('password')} input[name=password]`, 'short');
    await page.click(sel.method('password'));
    await expect(page.locator(`${sel.group('password')} ${sel.message(4000032)}`)).toBeVisible();
    await expect(page.locator(`${sel.group('password')} input[name=password]`)).toHaveAttribute('aria-invalid', 'true');
    await axe(page, 'the sign-up page with a field error');

    await page.fill(`${sel.group('password')} input[name=password]`, STRONG);
    await page.click(sel.method('password'));
    // Kratos signs the new identity in and shows the verification page for its address.
    await verifyWithCode(page, MAIN, email, since);
    await page.click('[data-testid="node/anchor/continue"], a:has-text("Continue")');
    await expectSettingsPage(page);
    const address = page.locator('[data-testid="identity/address"]', { hasText: email });
    await expect(address).toHaveAttribute('data-verified', 'true');
    await expect(address).toContainText('Verified');
  });

  test('sign up with an email that already has an account is refused, and Back leads to the profile', async ({ page }) => {
    const existing = await createIdentity();
    await signUpProfile(page, existing.email);
    await page.fill(`${sel.group('password')} input[name=password]`, STRONG);
    await page.click(sel.method('password'));
    await expectOn(page, MAIN, '/registration');
    // Kratos v1.3.1 says so at the top of the second screen, where the address is no longer a field.
    await expect(page.locator(sel.message(4000007))).toBeVisible();
    await expect(page.locator('[data-testid="registration/login"]')).toBeVisible();
    await page.click('button[name=screen][value=previous]');
    await expect(page.locator('input[name="traits.email"]')).toHaveValue(existing.email);
  });

  test('recover a forgotten password with an emailed code, set a new one, and sign in with it', async ({ page, context }) => {
    const identity = await createIdentity();
    await page.goto(`${MAIN.ui}/settings`);
    await expectLoginPage(page);
    await page.click('[data-testid="login/recovery"]');
    await expectOn(page, MAIN, '/recovery');
    await expect(page.locator('h1')).toHaveText('Recover your account');
    await axe(page, 'the recovery page');

    const since = Date.now();
    await page.fill('input[name=email]', identity.email);
    await page.click(sel.method('code'));
    await expectOn(page, MAIN, '/recovery');
    await expect(page.locator('h1')).toHaveText('Enter your recovery code');
    await expect(page.locator(sel.message(1060003))).toBeVisible();
    await axe(page, 'the recovery page, code sent');
    // A wrong code first.
    await page.fill('input[name=code]', '000000');
    await page.click(sel.method('code'));
    await expect(page.locator(sel.message(4060006))).toBeVisible();
    await page.fill('input[name=code]', codeIn(await courierMessage(MAIN, identity.email, since)));
    await page.click(sel.method('code'));

    // Kratos signs in with a privileged session and sends the browser to the settings page, which
    // says to choose a new password and for how long that is possible.
    await expectSettingsPage(page);
    // Kratos's deadline (`privileged_session_expires_at_unix`) as a time in words and a
    // machine-readable <time>, in the future.
    const recovered = page.locator(sel.message(1060001));
    await expect(recovered).toContainText('You successfully recovered your account');
    const deadline = await recovered.locator('time').getAttribute('datetime');
    expect(deadline).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(deadline!)).toBeGreaterThan(Date.now() - 60_000);
    await axe(page, 'the settings page after recovery');
    const newPassword = `${identity.password}-recovered`;
    await page.fill(`${sel.group('password')} input[name=password]`, newPassword);
    await page.click(sel.method('password'));
    await expectSettingsPage(page);
    await expect(page.locator(sel.message(1050001))).toBeVisible();

    await context.clearCookies();
    await page.goto(`${MAIN.ui}/settings`);
    await submitPassword(page, identity.email, identity.password);
    await expect(page.locator(sel.message(4000006))).toBeVisible();
    await submitPassword(page, identity.email, newPassword);
    await expectSettingsPage(page);
  });

  test('an expired recovery code is refused with Kratos\'s message and a fresh form', async ({ page }) => {
    const identity = await createIdentity(SHORT);
    const since = Date.now();
    await page.goto(`${SHORT.ui}/recovery`);
    await page.fill('input[name=email]', identity.email);
    await page.click(sel.method('code'));
    await expect(page.locator(sel.message(1060003))).toBeVisible();
    const code = codeIn(await courierMessage(SHORT, identity.email, since));
    await page.waitForTimeout(SHORT_LIFESPAN_MS + 750);
    await page.fill('input[name=code]', code);
    await page.click(sel.method('code'));
    await expectOn(page, SHORT, '/recovery');
    await expect(page.locator(sel.message(4060005))).toBeVisible();
    await expect(page.locator('input[name=email]')).toBeVisible();
  });

  test('change the email on the settings page, verify the new address, and see it verified', async ({ page }) => {
    const identity = await createIdentity();
    await signIn(page, identity);
    const newEmail = uniqueEmail('changed');
    await page.fill('input[name="traits.email"]', newEmail);
    await page.click(sel.method('profile'));
    await expectSettingsPage(page);
    await expect(page.locator(sel.message(1050001))).toBeVisible();
    const address = page.locator('[data-testid="identity/address"]', { hasText: newEmail });
    await expect(address).toHaveAttribute('data-verified', 'false');

    const since = Date.now();
    await address.locator('[data-testid="identity/verify"]').click();
    await expectOn(page, MAIN, '/verification');
    await expect(page.locator('h1')).toHaveText('Verify your email address');
    await expect(page.locator('input[name=email]')).toHaveValue(newEmail);
    await axe(page, 'the verification page');
    await page.click(sel.method('code'));
    await verifyWithCode(page, MAIN, newEmail, since);
    await page.goto(`${MAIN.ui}/settings`);
    await expect(page.locator('[data-testid="identity/address"]', { hasText: newEmail })).toHaveAttribute(
      'data-verified',
      'true',
    );
  });

  test('verify an address by the emailed link', async ({ page }) => {
    // The short-lived pair verifies by link (kratos.real.short-lived.yml).
    const identity = await createIdentity(SHORT);
    const since = Date.now();
    await page.goto(`${SHORT.ui}/verification?email=${encodeURIComponent(identity.email)}`);
    await page.click(sel.method('link'));
    await expectOn(page, SHORT, '/verification');
    await expect(page.locator(sel.message(1080001))).toBeVisible();
    await page.goto(linkIn(await courierMessage(SHORT, identity.email, since), SHORT));
    await expectOn(page, SHORT, '/verification');
    await expect(page.locator('h1')).toHaveText('Email address verified');
    await expect(page.locator(sel.message(1080002))).toBeVisible();
  });

  test('signed in, the recovery page sends to the settings page', async ({ page }) => {
    const identity = await createIdentity();
    await signIn(page, identity);
    await page.goto(`${MAIN.ui}/recovery`);
    await expectSettingsPage(page);
  });
});
