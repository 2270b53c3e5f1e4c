import {
  test, expect, createIdentity, signIn, submitPassword, expectSettingsPage, expectLoginPage,
  sel, SHORT, SHORT_LIFESPAN_MS,
} from './helpers';

// Scenario 3
test('password: too short is refused, a good one is saved, then only the new one signs in', async ({ page, context }) => {
  const identity = await createIdentity();
  await signIn(page, identity);

  const field = `${sel.group('password')} input[name=password]`;
  await page.fill(field, 'short');
  await page.click(sel.method('password'));
  await expectSettingsPage(page);
  const tooShort = page.locator(sel.message(4000032));
  await expect(tooShort).toBeVisible();
  await expect(tooShort).toContainText('at least 8 characters');
  await expect(page.locator(sel.message(1050001))).toHaveCount(0);

  const newPassword = `${identity.password}-new`;
  await page.fill(field, newPassword);
  await page.click(sel.method('password'));
  await expectSettingsPage(page);
  await expect(page.locator(sel.message(1050001))).toBeVisible();
  await expect(page.locator(sel.message(4000032))).toHaveCount(0);

  // A fresh browser session: the old password is refused, the new one works.
  await context.clearCookies();
  await page.goto('/settings');
  await submitPassword(page, identity.email, identity.password);
  await expectLoginPage(page);
  await expect(page.locator(sel.message(4000006))).toBeVisible();
  await expect(page.locator(sel.email)).toHaveCount(0);

  await submitPassword(page, identity.email, newPassword);
  await expectSettingsPage(page);
  await expect(page.locator(sel.email)).toContainText(identity.email);
});

// Scenario 4
test('password: after the privileged session expired, re-authentication applies the change', async ({ page, context }) => {
  const identity = await createIdentity(SHORT);
  await signIn(page, identity, SHORT);

  // Let the privileged session (5 s) run out, then open a fresh settings flow (also 5 s).
  await page.waitForTimeout(SHORT_LIFESPAN_MS + 750);
  await page.goto(`${SHORT.ui}/settings`);
  await expectSettingsPage(page, SHORT);

  const newPassword = `${identity.password}-rotated`;
  await page.fill(`${sel.group('password')} input[name=password]`, newPassword);
  await page.click(sel.method('password'));

  // Kratos asks to confirm it is you: the re-authentication screen, identifier pre-filled.
  await expectLoginPage(page, SHORT);
  await expect(page.locator(sel.message(1010003))).toBeVisible();
  await expect(page.locator('h1')).toHaveText('Confirm it is you');
  await expect(page.locator('input[name=identifier]')).toHaveValue(identity.email);
  await page.fill(`${sel.group('password')} input[name=password]`, identity.password);
  await page.click(sel.method('password'));

  // Back on settings, the parked change was applied.
  await expectSettingsPage(page, SHORT);
  await expect(page.locator(sel.message(1050001))).toBeVisible();

  await context.clearCookies();
  await page.goto(`${SHORT.ui}/settings`);
  await submitPassword(page, identity.email, identity.password);
  await expect(page.locator(sel.message(4000006))).toBeVisible();
  await submitPassword(page, identity.email, newPassword);
  await expectSettingsPage(page, SHORT);
});
