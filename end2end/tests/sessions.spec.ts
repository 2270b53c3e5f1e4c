import {
  test, expect, createIdentity, submitPassword, expectSettingsPage, expectLoginPage, expectNoViolations,
  onlyOn, sel, MAIN, escapeRe, jsEnabled, type Identity, type Page,
} from './helpers';
import type { Browser, BrowserContext } from '@playwright/test';

// "Where you are signed in": against real Kratos only (the emulator has no `GET /sessions`).

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

const card = (page: Page, text: string) => page.locator('[data-testid="session"]', { hasText: text });

/** A browser of its own (`userAgent` tells it apart on the sessions page), signed in as `identity`. */
async function signedInDevice(browser: Browser, identity: Identity, userAgent?: string) {
  const js = test.info().project.use.javaScriptEnabled !== false;
  const context = await browser.newContext({ javaScriptEnabled: js, ...(userAgent ? { userAgent } : {}) });
  const page = await context.newPage();
  await page.goto(`${MAIN.ui}/settings`);
  await submitPassword(page, identity.email, identity.password);
  await expectSettingsPage(page);
  return { context, page };
}

async function expectSignedOut(page: Page) {
  await page.goto(`${MAIN.ui}/settings`);
  await expectLoginPage(page);
}

async function openSessions(page: Page) {
  await page.goto(`${MAIN.ui}/sessions`);
  await expect(page.locator('h1')).toHaveText('Where you are signed in');
}

test.describe('sessions', () => {
  test.beforeEach(() => onlyOn('kratos', 'the emulator has no list of sessions (GET /sessions)'));

  test('three devices: the first sees all three, signs out the second, then all others', async ({ page, browser }) => {
    const identity = await createIdentity();
    await page.goto(`${MAIN.ui}/settings`);
    await submitPassword(page, identity.email, identity.password);
    await expectSettingsPage(page);
    const second = await signedInDevice(browser, identity, FIREFOX_WINDOWS);
    const third = await signedInDevice(browser, identity, SAFARI_IPHONE);
    const others: BrowserContext[] = [second.context, third.context];
    try {
      // Reached from the settings page.
      await page.click('[data-testid="settings/sessions"]');
      await expect(page).toHaveURL(new RegExp(`^${escapeRe(MAIN.ui)}/sessions$`));
      const sessions = page.locator('[data-testid="session"]');
      await expect(sessions).toHaveCount(3);
      // This device first, and only it marked so.
      await expect(sessions.first().locator('[data-testid="session/this-device"]')).toHaveText('This device');
      await expect(page.locator('[data-testid="session/this-device"]')).toHaveCount(1);
      await expect(sessions.first()).toContainText('Chrome on Linux');
      await expect(card(page, 'Firefox on Windows')).toHaveCount(1);
      await expect(card(page, 'Safari on iOS')).toHaveCount(1);
      for (const c of await sessions.all()) {
        await expect(c.locator('[data-testid="session/methods"]')).toHaveText('Password');
        await expect(c.locator('[data-testid="session/aal"]')).toHaveText('No');
        await expect(c.locator('[data-testid="session/address"]')).toHaveText(/^(127\.0\.0\.1|::1)$/);
        await expect(c.locator('time').first()).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
      }
      // This device has no sign-out button of its own (the page's "Sign out" is for that).
      await expect(sessions.first().locator('[data-testid="session/revoke"]')).toHaveCount(0);

      // Sign out the second device: it is gone from the list, and its next page asks to sign in.
      await card(page, 'Firefox on Windows').locator('[data-testid="session/revoke"]').click();
      await expect(page).toHaveURL(/\/sessions\?notice=session_revoked$/);
      await expect(page.locator('[data-testid="ui/notice"]')).toHaveText('That device was signed out.');
      await expect(sessions).toHaveCount(2);
      await expect(card(page, 'Firefox on Windows')).toHaveCount(0);
      await expectSignedOut(second.page);
      await third.page.goto(`${MAIN.ui}/settings`);
      await expectSettingsPage(third.page);

      // All other devices: the third is signed out, and the page says how many were.
      await page.click('[data-testid="sessions/revoke-others"]');
      await expect(page.locator('[data-testid="ui/notice"]')).toHaveText('1 other device was signed out.');
      await expect(sessions).toHaveCount(1);
      await expect(page.locator('[data-testid="sessions/none"]')).toBeVisible();
      await expect(page.locator('[data-testid="sessions/next"], [data-testid="sessions/prev"]')).toHaveCount(0);
      await expectSignedOut(third.page);
      // This device is still signed in.
      await page.goto(`${MAIN.ui}/settings`);
      await expectSettingsPage(page);
    } finally {
      for (const c of others) await c.close();
    }
  });

  test('forged sign-outs revoke nothing: no token, a wrong token, or posted from another site', async ({ page, browser, guard }) => {
    const identity = await createIdentity();
    await page.goto(`${MAIN.ui}/sessions`);
    // No session: sign in first, then back to the sessions page.
    await submitPassword(page, identity.email, identity.password);
    await expect(page).toHaveURL(new RegExp(`^${escapeRe(MAIN.ui)}/sessions$`));
    const second = await signedInDevice(browser, identity, FIREFOX_WINDOWS);
    try {
      await openSessions(page);
      await expect(page.locator('[data-testid="session"]')).toHaveCount(2);
      const secondId = await card(page, 'Firefox on Windows').getAttribute('data-session-id');
      const token = await page.locator('input[name=csrf_token]').first().inputValue();
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

      // Posted with this browser's cookies but without the page's token, or with another one.
      for (const form of [
        { session: secondId! },
        { session: secondId!, csrf_token: 'A'.repeat(43) },
      ]) {
        const res = await page.request.post(`${MAIN.ui}/api/revoke_session`, { form, maxRedirects: 0 });
        expect(res.status(), JSON.stringify(form)).toBe(403);
      }
      const res = await page.request.post(`${MAIN.ui}/api/revoke_other_sessions`, { form: {}, maxRedirects: 0 });
      expect(res.status()).toBe(403);

      // Pages of another origin posting the right token (had it been stolen) from this browser: one
      // of another site, and one of this site on another port (as a sibling subdomain would be),
      // which gets this site's cookies, `SameSite=Strict` ones included.
      guard.allow(/403|Forbidden/);
      for (const origin of ['http://evil.example', 'http://localhost:4599']) {
        await page.route(`${origin}/**`, (route) =>
          route.fulfill({
            contentType: 'text/html',
            body: `<!DOCTYPE html><title>Prize</title><form method="post" action="${MAIN.ui}/api/revoke_other_sessions">
              <input type="hidden" name="csrf_token" value="${token}"><button>Win a prize</button></form>`,
          }),
        );
        await page.goto(`${origin}/`);
        const [refused] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/api/revoke_other_sessions')),
          page.click('button'),
        ]);
        expect(refused.status(), origin).toBe(403);
        await expect(page.locator('body')).toContainText('nothing was done');
      }

      // Nothing was revoked: both sessions are still there and the second device is still in.
      await openSessions(page);
      await expect(page.locator('[data-testid="session"]')).toHaveCount(2);
      await second.page.goto(`${MAIN.ui}/settings`);
      await expectSettingsPage(second.page);
      // axe runs in the page; the page has no script of its own, so its DOM is the same either way.
      if (jsEnabled()) await expectNoViolations(page, 'the sessions page with two devices');
    } finally {
      await second.context.close();
    }
  });

  test('after a new password, the settings page offers to sign out every other device', async ({ page, browser }) => {
    const identity = await createIdentity();
    await page.goto(`${MAIN.ui}/settings`);
    await submitPassword(page, identity.email, identity.password);
    await expectSettingsPage(page);
    const second = await signedInDevice(browser, identity, SAFARI_IPHONE);
    try {
      await expect(page.locator('[data-testid="settings/sign-out-others"]')).toHaveCount(0);
      await page.fill(`${sel.group('password')} input[name=password]`, `${identity.password}-new`);
      await page.click(sel.method('password'));
      await expectSettingsPage(page);
      await expect(page.locator(sel.message(1050001))).toBeVisible();
      const offer = page.locator('[data-testid="settings/sign-out-others"]');
      await expect(offer).toBeVisible();
      await offer.locator('[data-testid="sessions/revoke-others"]').click();
      await expect(page).toHaveURL(/\/sessions\?notice=others_revoked&count=1$/);
      await expect(page.locator('[data-testid="ui/notice"]')).toHaveText('1 other device was signed out.');
      await expectSignedOut(second.page);
    } finally {
      await second.context.close();
    }
  });
});
