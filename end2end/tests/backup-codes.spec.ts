import {
  test, expect, createIdentity, signIn, submitPassword, expectSettingsPage, expectLoginPage, sel,
  jsEnabled,
} from './helpers';
import * as fs from 'node:fs';

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
  await expect(page.locator('[data-testid="lookup/unused"]')).toHaveText(`${unused.length} of ${codes.length} codes unused.`);
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

test('backup codes: counted, downloaded as text, copied, and printed alone', async ({ page, context }) => {
  const identity = await createIdentity();
  await signIn(page, identity);
  await page.click(sel.input('lookup_secret_regenerate'));
  await expectSettingsPage(page);
  const lookup = page.locator(sel.group('lookup_secret'));
  const codes = (await lookup.locator(`${sel.text('lookup_secret_codes')} li code`).allInnerTexts()).map((c) => c.trim());
  expect(codes.length).toBeGreaterThanOrEqual(8);
  await expect(lookup.locator('[data-testid="lookup/unused"]')).toHaveText(`${codes.length} of ${codes.length} codes unused.`);

  // Download works with or without JavaScript: a text file, one code per line.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    lookup.locator('[data-testid="lookup/download"]').click(),
  ]);
  expect(download.suggestedFilename()).toBe('backup-codes.txt');
  const text = fs.readFileSync((await download.path())!, 'utf8');
  expect(text.trim().split('\n')).toEqual(codes);

  const copy = lookup.locator('[data-testid="lookup/copy"]');
  if (jsEnabled()) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await copy.click();
    await expect(lookup.locator('.copied')).toHaveText('Copied.');
    expect((await page.evaluate(() => navigator.clipboard.readText())).split('\n')).toEqual(codes);
    await expect(lookup.locator('[data-testid="lookup/print"]')).toBeVisible();
  } else {
    await expect(copy).toBeHidden();
    await expect(lookup.locator('[data-testid="lookup/print"]')).toBeHidden();
  }

  // Printed, the page shows the codes and nothing else.
  await page.emulateMedia({ media: 'print' });
  await expect(lookup.locator(sel.text('lookup_secret_codes'))).toBeVisible();
  await expect(page.locator('h1')).toBeHidden();
  await expect(page.locator(sel.input('lookup_secret_confirm'))).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('h1')).toBeVisible();
});
