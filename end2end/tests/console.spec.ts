import {
  test, expect, createIdentity, signIn, submitPassword, expectSettingsPage, expectLoginPage, sel,
  jsEnabled,
} from './helpers';

// Scenario 14. Every test in this suite also fails on a console error, an uncaught exception or a
// failed request (the `guard` fixture in helpers.ts); this one walks every page kind on purpose and
// checks that the islands actually came to life when JavaScript is on.
test('no console errors and no failed requests on any page', async ({ page, guard }) => {
  const identity = await createIdentity();
  const wasm: string[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push(`${r.status()} ${r.url()}`);
  });

  await page.goto('/login');
  await expectLoginPage(page);
  await page.goto('/settings');
  await submitPassword(page, identity.email, identity.password);
  await expectSettingsPage(page);

  if (jsEnabled()) {
    // The pending-form island hydrated: submitting marks the form busy before the page goes.
    await page.waitForLoadState('networkidle');
    expect(wasm.length).toBeGreaterThan(0);
    for (const w of wasm) expect(w).toMatch(/^200 /);
  }

  await page.fill(sel.input('traits.name.first'), 'Grace');
  await page.click(sel.method('profile'));
  await expect(page.locator(sel.message(1050001))).toBeVisible();

  await page.click(sel.input('lookup_secret_regenerate'));
  await expect(page.locator(sel.text('lookup_secret_codes'))).toBeVisible();

  await page.goto('/error?id=00000000-0000-4000-8000-000000000000');
  await expect(page.locator(sel.error)).toBeVisible();
  await page.goto('/error');
  await expect(page.locator(sel.error)).toBeVisible();

  await page.goto('/settings');
  await page.click(sel.logout);
  await expectLoginPage(page);
  if (jsEnabled()) await page.waitForLoadState('networkidle');
  expect(guard.problems()).toEqual([]);
});
