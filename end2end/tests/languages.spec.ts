import * as fs from 'fs';
import * as path from 'path';
import {
  test, expect, createIdentity, submitPassword, expectSettingsPage, expectLoginPage, sel, signIn,
  expectNoViolations, jsEnabled, REPO_ROOT,
} from './helpers';

/** A one-line string of the built-in catalog of `lang` (`locales/<lang>/*.ftl`). */
function catalog(lang: string, key: string): string {
  for (const file of ['ui.ftl', 'kratos.ftl']) {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'locales', lang, file), 'utf8');
    const line = text.split('\n').find((l) => l.startsWith(`${key} = `));
    if (line) return line.slice(key.length + 3).trim();
  }
  throw new Error(`${lang}: no ${key}`);
}

test.describe('German, as the browser asks for it', () => {
  test.use({ locale: 'de-DE' });

  test('the sign-in and settings pages are German end to end, Kratos\'s error included', async ({ page }) => {
    const identity = await createIdentity();
    await page.goto('/settings');
    await expectLoginPage(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.locator('h1')).toHaveText(catalog('de', 'login-title'));
    await expect(page.locator(sel.method('password'))).toHaveText(catalog('de', 'kratos-1010022'));

    await submitPassword(page, identity.email, `${identity.password}-wrong`);
    await expect(page.locator(sel.message(4000006))).toHaveText(catalog('de', 'kratos-4000006'));

    await submitPassword(page, identity.email, identity.password);
    await expect(page).toHaveURL(/\/settings(\?|$)/);
    await expect(page.locator('h1')).toHaveText(catalog('de', 'settings-title'));
    await expect(page.locator(`${sel.group('password')} h2`)).toHaveText(catalog('de', 'section-password'));
    await expect(page.locator(`${sel.group('password')} label`)).toHaveText(catalog('de', 'kratos-1070001'));
    await expect(page.locator(sel.logout)).toHaveText(catalog('de', 'sign-out'));
    // Kratos's field error after a refused change, with its numbers.
    await page.fill(`${sel.group('password')} input[name=password]`, 'short');
    await page.click(sel.method('password'));
    const tooShort = page.locator(sel.message(4000032));
    await expect(tooShort).toContainText('Das Passwort muss mindestens');
    await expect(tooShort).toContainText('5');
  });
});

test.describe('Arabic, right to left', () => {
  test.use({ locale: 'ar' });

  test('pages are mirrored, in Arabic, and axe finds no violations', async ({ page: jsPage, context: jsContext, browser }) => {
    // As in the accessibility spec: without JavaScript, axe runs in a context whose own scripts
    // are refused, so the DOM is the server-rendered one.
    let page = jsPage;
    if (!jsEnabled()) {
      const context = await browser.newContext({
        baseURL: test.info().project.use.baseURL, javaScriptEnabled: true, locale: 'ar',
      });
      await context.route(/\/pkg\/[^/]+\.(js|wasm)$/, (route) => route.fulfill({ status: 204, body: '' }));
      page = await context.newPage();
    }
    void jsContext;
    const identity = await createIdentity();
    await page.goto('/settings');
    await expectLoginPage(page);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.locator('h1')).toHaveText(catalog('ar', 'login-title'));
    await expectNoViolations(page, 'the Arabic sign-in page');

    await submitPassword(page, identity.email, identity.password);
    await expect(page.locator('h1')).toHaveText(catalog('ar', 'settings-title'));
    // Mirrored: the heading starts at the right edge of the page.
    const box = await page.locator('h1').boundingBox();
    const width = page.viewportSize()!.width;
    expect(box!.x + box!.width).toBeGreaterThan(width / 2);
    await expectNoViolations(page, 'the Arabic settings page');
  });
});

test('the language switcher changes the language, keeps the page, and is remembered', async ({ page }) => {
  const identity = await createIdentity();
  await signIn(page, identity);
  const flowUrl = page.url();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.click('[data-testid="language/de"]');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.locator('h1')).toHaveText(catalog('de', 'settings-title'));
  // The same flow, only in German.
  expect(new URL(page.url()).searchParams.get('flow')).toBe(new URL(flowUrl).searchParams.get('flow'));

  // Remembered while moving on, through Kratos's redirects too.
  await page.fill(sel.input('traits.name.first'), 'Grete');
  await page.click(sel.method('profile'));
  await expect(page.locator(sel.message(1050001))).toHaveText(catalog('de', 'kratos-1050001'));
  await page.goto('/sessions');
  await expect(page.locator('h1')).toHaveText(catalog('de', 'sessions-title'));

  await page.click('[data-testid="language/en"]');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto('/settings');
  await expectSettingsPage(page);
});
