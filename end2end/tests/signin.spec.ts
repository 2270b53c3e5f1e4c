import { test, expect, createIdentity, signIn, submitPassword, expectSettingsPage, expectLoginPage, sel, MAIN } from './helpers';

test.describe('signing in and out', () => {
  // Scenario 1
  test('a signed-out visitor signs in and comes back to settings with return_to kept', async ({ page }) => {
    const identity = await createIdentity();
    const returnTo = `${MAIN.ui}/settings?from=app`;
    await page.goto(`/settings?return_to=${encodeURIComponent(returnTo)}`);

    await expectLoginPage(page);
    await expect(page.locator('h1')).toHaveText('Sign in');
    await expect(page.locator(sel.method('password'))).toBeVisible();
    await submitPassword(page, identity.email, identity.password);

    await expectSettingsPage(page);
    expect(new URL(page.url()).searchParams.get('return_to')).toBe(returnTo);
    await expect(page.locator(sel.email)).toContainText(identity.email);
    await expect(page.locator(sel.input('traits.email'))).toHaveValue(identity.email);

    // The flow carries return_to: after a successful change Kratos sends the browser there.
    await page.fill(sel.input('traits.name.first'), 'Grace');
    await page.click(sel.method('profile'));
    await expect(page).toHaveURL((u) => u.searchParams.get('from') === 'app');
    await expectSettingsPage(page);
  });

  // Scenario 12
  test('signing out makes the settings page ask to sign in again', async ({ page }) => {
    const identity = await createIdentity();
    await signIn(page, identity);
    // `/` leads signed-in people to their settings.
    await page.goto('/');
    await expectSettingsPage(page);

    await page.click(sel.logout);
    await expectLoginPage(page);
    await expect(page.locator(sel.method('password'))).toBeVisible();
    await expect(page.locator('input[name=identifier]')).toHaveValue('');

    await page.goto('/settings');
    await expectLoginPage(page);
    await expect(page.locator(sel.email)).toHaveCount(0);
    // ... and signed-out people to the settings page, which asks them to sign in.
    await page.goto('/');
    await expectLoginPage(page);

    // The old session is gone for good; signing in again works.
    await submitPassword(page, identity.email, identity.password);
    await expectSettingsPage(page);
  });

  // A page on a sibling origin of the same site (another port of the same host here) gets the
  // visitor's SameSite=Lax cookies on a form post: kratos-ui must refuse it, not sign them out.
  test('a sign-out posted from a sibling site is refused and the session survives', async ({ page, guard }) => {
    guard.allow(/403/);
    const identity = await createIdentity();
    await signIn(page, identity);
    await expectSettingsPage(page);

    const sibling = `${new URL(MAIN.ui).protocol}//${new URL(MAIN.ui).hostname}:3999`;
    await page.route(`${sibling}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!DOCTYPE html><title>Prize</title><form method="post" action="${MAIN.ui}/api/logout"><button>Claim your prize</button></form>`,
      }),
    );
    await page.goto(`${sibling}/prize`);
    await page.click('button');
    await expect(page.locator('h1')).toHaveText('Request refused');

    await page.goto('/settings');
    await expectSettingsPage(page);
    await expect(page.locator(sel.email)).toContainText(identity.email);
  });
});
