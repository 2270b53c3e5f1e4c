import {
  test, expect, createIdentity, signIn, submitPassword, expectSettingsPage, expectLoginPage,
  sel, totp, wrongTotp, readTotpSecret, base32Decode, hotp, jsEnabled, type Page,
} from './helpers';

/** Enrols the authenticator app on the settings page the browser is on; returns the secret. */
async function enrolTotp(page: Page): Promise<string> {
  const secret = await readTotpSecret(page);
  await page.fill(sel.input('totp_code'), totp(secret));
  await page.click(sel.method('totp'));
  await expectSettingsPage(page);
  await expect(page.locator(sel.message(1050001))).toBeVisible();
  return secret;
}

test('the TOTP helper matches the RFC 6238 test vectors', () => {
  // RFC 6238 appendix B, SHA-1 seed "12345678901234567890", 8 digits.
  const key = Buffer.from('12345678901234567890');
  expect(hotp(key, Math.floor(59 / 30), 8)).toBe('94287082');
  expect(hotp(key, Math.floor(1111111109 / 30), 8)).toBe('07081804');
  expect(hotp(key, Math.floor(20000000000 / 30), 8)).toBe('65353130');
  expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').toString()).toBe('12345678901234567890');
});

// Scenario 5
test('TOTP: a wrong code is refused, the right one enrols, unlink brings the setup back', async ({ page }) => {
  const identity = await createIdentity();
  await signIn(page, identity);

  const totpForm = page.locator(sel.group('totp'));
  await expect(totpForm.locator(sel.image('totp_qr'))).toBeVisible();
  await expect(totpForm.locator(sel.image('totp_qr'))).toHaveAttribute('src', /^data:image\/png;base64,/);
  await expect(totpForm.locator(sel.label('totp_secret_key'))).toBeVisible();
  const secret = await readTotpSecret(page);

  await page.fill(sel.input('totp_code'), wrongTotp(secret));
  await page.click(sel.method('totp'));
  await expectSettingsPage(page);
  await expect(page.locator(sel.message(4000008))).toBeVisible();
  await expect(page.locator(sel.message(1050001))).toHaveCount(0);
  // Still not enrolled: the setup is offered again.
  await expect(totpForm.locator(sel.image('totp_qr'))).toBeVisible();

  await enrolTotp(page);
  await expect(totpForm.locator(sel.image('totp_qr'))).toHaveCount(0);
  await expect(totpForm.locator(sel.text('totp_secret_key'))).toHaveCount(0);
  await expect(page.locator(sel.input('totp_code'))).toHaveCount(0);
  await expect(page.locator(sel.input('totp_unlink'))).toBeVisible();

  await page.click(sel.input('totp_unlink'));
  await expectSettingsPage(page);
  await expect(page.locator(sel.message(1050001))).toBeVisible();
  await expect(page.locator(sel.input('totp_unlink'))).toHaveCount(0);
  await expect(totpForm.locator(sel.image('totp_qr'))).toBeVisible();
  await expect(page.locator(sel.input('totp_code'))).toBeVisible();
  const newSecret = await readTotpSecret(page);
  expect(newSecret).not.toBe(secret);
});

// Scenario 6
test('TOTP: with an authenticator enrolled, signing in asks for the second factor', async ({ page, context }) => {
  const identity = await createIdentity();
  await signIn(page, identity);
  const secret = await enrolTotp(page);

  await context.clearCookies();
  await page.goto('/settings');
  await submitPassword(page, identity.email, identity.password);

  // First factor done; the settings page needs aal2, so Kratos asks for the second factor.
  await expectLoginPage(page);
  await expect(page.locator(sel.message(1010004))).toBeVisible();
  await expect(page.locator('h1')).toHaveText('Confirm it is you with a second factor');
  await expect(page.locator(sel.method('password'))).toHaveCount(0);
  await expect(page.locator(sel.logout)).toBeVisible();

  // A wrong code first: refused, still on the second-factor screen.
  await page.fill(sel.input('totp_code'), wrongTotp(secret));
  await page.click(sel.method('totp'));
  await expectLoginPage(page);
  await expect(page.locator(sel.message(4000008))).toBeVisible();

  await page.fill(sel.input('totp_code'), totp(secret));
  await page.click(sel.method('totp'));
  await expectSettingsPage(page);
  await expect(page.locator(sel.email)).toContainText(identity.email);
  await expect(page.locator(sel.input('totp_unlink'))).toBeVisible();
});

test('TOTP: the key can be copied or opened in an authenticator app, and either enrols', async ({ page, context, browserName }) => {
  const identity = await createIdentity();
  await signIn(page, identity);
  const secret = await readTotpSecret(page);

  // The key URI an app on this device would open: same secret, Kratos's issuer, this account.
  const href = await page.locator('[data-testid="totp/otpauth"]').getAttribute('href');
  const uri = new URL(href!);
  expect(uri.protocol).toBe('otpauth:');
  expect(uri.host).toBe('totp');
  expect(decodeURIComponent(uri.pathname)).toBe(`/kratos-ui:${identity.email}`);
  expect(uri.searchParams.get('secret')).toBe(secret);
  expect(uri.searchParams.get('issuer')).toBe('kratos-ui');
  expect(uri.searchParams.get('digits')).toBe('6');
  expect(uri.searchParams.get('period')).toBe('30');

  const copy = page.locator('[data-testid="totp/copy"]');
  if (jsEnabled()) {
    expect(browserName).toBe('chromium');
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await copy.click();
    await expect(page.locator(`${sel.group('totp')} .copied`)).toHaveText('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  } else {
    // Nothing that needs script is offered; the key stays selectable text.
    await expect(copy).toBeHidden();
  }

  // The code an app computes from the link's secret enrols.
  await page.fill(sel.input('totp_code'), totp(uri.searchParams.get('secret')!));
  await page.click(sel.method('totp'));
  await expectSettingsPage(page);
  await expect(page.locator(sel.message(1050001))).toBeVisible();
});
