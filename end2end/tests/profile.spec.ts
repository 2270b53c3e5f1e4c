import { test, expect, createIdentity, signIn, expectSettingsPage, sel } from './helpers';

// Scenario 2
test('profile: a changed name and website are saved and still there after a reload', async ({ page }) => {
  const identity = await createIdentity();
  await signIn(page, identity);
  await expect(page.locator(sel.input('traits.name.first'))).toHaveValue(identity.first);

  await page.fill(sel.input('traits.name.first'), 'Grace');
  await page.fill(sel.input('traits.name.last'), 'Hopper');
  await page.fill(sel.input('traits.website'), 'https://grace.example.org/');
  await page.click(sel.method('profile'));

  await expectSettingsPage(page);
  await expect(page.locator(sel.message(1050001))).toBeVisible();
  await expect(page.locator(sel.message(1050001))).toHaveText('Your changes have been saved!');

  const check = async () => {
    await expect(page.locator(sel.input('traits.name.first'))).toHaveValue('Grace');
    await expect(page.locator(sel.input('traits.name.last'))).toHaveValue('Hopper');
    await expect(page.locator(sel.input('traits.website'))).toHaveValue('https://grace.example.org/');
    await expect(page.locator(sel.input('traits.email'))).toHaveValue(identity.email);
  };
  await check();
  await page.reload();
  await expectSettingsPage(page);
  await check();
  // A brand-new settings flow reads the stored identity, not the old form.
  await page.goto('/settings');
  await expectSettingsPage(page);
  await expect(page.locator(sel.message(1050001))).toHaveCount(0);
  await check();
});
