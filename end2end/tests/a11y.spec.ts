import {
  test, expect, createIdentity, signIn, submitPassword, expectSettingsPage, expectLoginPage, sel,
  totp, readTotpSecret, jsEnabled, expectNoViolations,
} from './helpers';

// Scenario 13
test('accessibility: axe finds no violations on the login, settings and error pages', async ({ page: jsPage, context: jsContext, browser }) => {
  // axe runs inside the page, so the no-JavaScript run analyses the pages in a context where
  // scripts may run but the app's own script and wasm are refused: the DOM is then exactly the
  // server-rendered HTML a browser without JavaScript shows.
  let page = jsPage;
  let context = jsContext;
  if (!jsEnabled()) {
    context = await browser.newContext({ baseURL: test.info().project.use.baseURL, javaScriptEnabled: true });
    await context.route(/\/pkg\/[^/]+\.(js|wasm)$/, (route) => route.fulfill({ status: 204, body: '' }));
    page = await context.newPage();
  }
  const identity = await createIdentity();

  await page.goto('/settings');
  await expectLoginPage(page);
  await expectNoViolations(page, 'the sign-in page');

  await submitPassword(page, identity.email, identity.password);
  await expectSettingsPage(page);
  await expect(page.locator(sel.image('totp_qr'))).toBeVisible();
  await page.click(sel.input('lookup_secret_regenerate'));
  await expectSettingsPage(page);
  // TOTP setup (QR code, secret, code field) and the new backup codes on screen at once.
  await expect(page.locator(sel.text('lookup_secret_codes'))).toBeVisible();
  await expect(page.locator(sel.text('totp_secret_key'))).toBeVisible();
  await expectNoViolations(page, 'the settings page with TOTP setup and backup codes');

  // With messages on the page: a refused password.
  await page.fill(`${sel.group('password')} input[name=password]`, 'short');
  await page.click(sel.method('password'));
  await expect(page.locator(sel.message(4000032))).toBeVisible();
  await expectNoViolations(page, 'the settings page with a field error');

  // The second-factor screen.
  const secret = await readTotpSecret(page);
  await page.fill(sel.input('totp_code'), totp(secret));
  await page.click(sel.method('totp'));
  await expect(page.locator(sel.message(1050001))).toBeVisible();
  await context.clearCookies();
  await page.goto('/settings');
  await submitPassword(page, identity.email, identity.password);
  await expect(page.locator(sel.message(1010004))).toBeVisible();
  await expectNoViolations(page, 'the second-factor page');

  // The error pages: a known Kratos error and an unknown id.
  await context.clearCookies({ name: /^csrf_token_/ });
  await page.fill(sel.input('totp_code'), totp(secret));
  await page.click(sel.method('totp'));
  await expect(page).toHaveURL(/\/error\?id=/);
  await expect(page.locator(sel.error)).toBeVisible();
  await expectNoViolations(page, 'the error page');

  await page.goto('/error?id=not-a-known-id');
  await expect(page.locator(sel.error)).toBeVisible();
  await expectNoViolations(page, 'the generic error page');
  if (context !== jsContext) await context.close();
});
