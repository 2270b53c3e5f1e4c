import {
  test, expect, createIdentity, signIn, submitPassword, expectSettingsPage, expectLoginPage, sel,
} from './helpers';

// Scenario 7
test('backup codes: generate, confirm, sign in with one, see it used, and it cannot be reused', async ({ page, context }) => {
  const identity = await createIdentity();
  await signIn(page, identity);

  const lookup = page.locator(sel.group('lookup_secret'));
  await page.click(sel.input('lookup_secret_regenerate'));
  await expectSettingsPage(page);
  const list = lookup.locator(sel.text('lookup_secret_codes'));
  await expect(list).toBeVisible();
  await expect(lookup.locator(sel.label('lookup_secret_codes'))).toBeVisible();
  const codes = (await list.locator('li code').allInnerTexts()).map((c) => c.trim());
  expect(codes.length).toBeGreaterThanOrEqual(8);
  for (const c of codes) expect(c).toMatch(/^[a-z0-9]{6,}$/);
  expect(new Set(codes).size).toBe(codes.length);

  await page.click(sel.input('lookup_secret_confirm'));
  await expectSettingsPage(page);
  await expect(page.locator(sel.message(1050001))).toBeVisible();
  await expect(lookup.locator(sel.text('lookup_secret_codes'))).toHaveCount(0);
  await expect(page.locator(sel.input('lookup_secret_reveal'))).toBeVisible();

  // A fresh sign-in: the password, then one backup code as second factor.
  const [used, ...unused] = codes;
  await context.clearCookies();
  await page.goto('/settings');
  await submitPassword(page, identity.email, identity.password);
  await expectLoginPage(page);
  await expect(page.locator(sel.message(1010004))).toBeVisible();
  await page.fill(sel.input('lookup_secret'), used);
  await page.click(sel.method('lookup_secret'));
  await expectSettingsPage(page);

  // Reveal: the used code is shown as used, the others are still there.
  await page.click(sel.input('lookup_secret_reveal'));
  await expectSettingsPage(page);
  const revealed = page.locator(`${sel.group('lookup_secret')} ${sel.text('lookup_secret_codes')}`);
  await expect(revealed).toBeVisible();
  await expect(revealed.locator('li.used')).toHaveCount(1);
  await expect(revealed.locator('li.used')).toContainText('Secret was used at');
  const shown = (await revealed.locator('li:not(.used) code').allInnerTexts()).map((c) => c.trim());
  expect(shown.sort()).toEqual([...unused].sort());
  expect(shown).not.toContain(used);

  // The used code is refused on the next sign-in; an unused one works.
  await context.clearCookies();
  await page.goto('/settings');
  await submitPassword(page, identity.email, identity.password);
  await expectLoginPage(page);
  await page.fill(sel.input('lookup_secret'), used);
  await page.click(sel.method('lookup_secret'));
  await expectLoginPage(page);
  await expect(page.locator(sel.message(4000012))).toBeVisible();
  await page.fill(sel.input('lookup_secret'), unused[0]);
  await page.click(sel.method('lookup_secret'));
  await expectSettingsPage(page);
});
