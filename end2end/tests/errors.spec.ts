import {
  test, expect, createIdentity, signIn, submitPassword, expectSettingsPage, expectLoginPage, sel,
  MAIN, SHORT, SHORT_LIFESPAN_MS, freePort, startEmulator, startApp, onlyOn, type Env, type Proc,
} from './helpers';

// Scenario 8
test('CSRF: a form posted without the CSRF cookie is explained, and the next attempt works', async ({ page, context }) => {
  const identity = await createIdentity();
  await signIn(page, identity);

  const csrf = (await context.cookies(MAIN.kratos)).filter((c) => c.name.startsWith('csrf_token_'));
  expect(csrf.length).toBeGreaterThan(0);
  await context.clearCookies({ name: /^csrf_token_/ });

  await page.fill(sel.input('traits.name.first'), 'Mallory');
  await page.click(sel.method('profile'));

  // Kratos refuses the post and sends the browser to the error page, which says what happened.
  await expect(page).toHaveURL(/\/error\?id=/);
  const error = page.locator(sel.error);
  await expect(error).toHaveAttribute('data-error-id', 'security_csrf_violation');
  await expect(error.locator('h1')).toHaveText('Your form was out of date');
  await expect(error).toContainText('Nothing was changed');

  await page.click('[data-testid="ui/error/settings"]');
  await expectSettingsPage(page);
  await expect(page.locator(sel.input('traits.name.first'))).toHaveValue(identity.first);
  await page.fill(sel.input('traits.name.first'), 'Grace');
  await page.click(sel.method('profile'));
  await expectSettingsPage(page);
  await expect(page.locator(sel.message(1050001))).toBeVisible();
  await expect(page.locator(sel.input('traits.name.first'))).toHaveValue('Grace');
});

// Scenario 9
test('a return_to that Kratos does not allow is explained on a clear page', async ({ page, guard }) => {
  const identity = await createIdentity();
  await signIn(page, identity);

  guard.allow(/status of 400/);
  const evil = 'https://evil.example.com/steal';
  const res = await page.goto(`/settings?return_to=${encodeURIComponent(evil)}`);
  expect(res?.status()).toBe(400);
  const error = page.locator(sel.error);
  await expect(error).toHaveAttribute('data-status', '400');
  await expect(error.locator('h1')).toHaveText('This return address is not allowed');
  await expect(page.locator(sel.retry)).toHaveCount(0);
  await expect(page.locator(sel.method('profile'))).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Open account settings' })).toHaveAttribute('href', '/settings');
});

test('a return_to that Kratos does not allow at sign-in is explained on the error page', async ({ page }) => {
  await createIdentity();
  await page.goto(`/login?return_to=${encodeURIComponent('https://evil.example.com/')}`);
  await expect(page).toHaveURL(/\/error\?id=/);
  const error = page.locator(sel.error);
  await expect(error).toHaveAttribute('data-error-id', 'self_service_flow_return_to_forbidden');
  await expect(error.locator('h1')).toHaveText('This return address is not allowed');
  await page.click('[data-testid="ui/error/settings"]');
  await expectLoginPage(page);
});

// Scenario 10
test('an expired settings flow is replaced by a fresh one and the change can still be made', async ({ page }) => {
  const identity = await createIdentity(SHORT);
  await signIn(page, identity, SHORT);
  const stale = new URL(page.url()).searchParams.get('flow');

  // 1. Posting the form of an expired flow: Kratos answers with a fresh flow that says so.
  await page.waitForTimeout(SHORT_LIFESPAN_MS + 750);
  await page.fill(sel.input('traits.name.first'), 'Late');
  await page.click(sel.method('profile'));
  await expectSettingsPage(page, SHORT);
  await expect(page.locator(sel.error)).toHaveCount(0);
  await expect(page.locator(sel.message(4050001))).toBeVisible();
  const fresh = new URL(page.url()).searchParams.get('flow');
  expect(fresh).toBeTruthy();
  expect(fresh).not.toBe(stale);
  await page.fill(sel.input('traits.name.first'), 'Grace');
  await page.click(sel.method('profile'));
  await expectSettingsPage(page, SHORT);
  await expect(page.locator(sel.message(1050001))).toBeVisible();

  // 2. Opening the page of an expired flow: kratos-ui starts a fresh one and says so.
  await page.waitForTimeout(SHORT_LIFESPAN_MS + 750);
  await page.reload();
  await expectSettingsPage(page, SHORT);
  await expect(page.locator(sel.error)).toHaveCount(0);
  await expect(page.locator(sel.flowExpired)).toBeVisible();
  expect(new URL(page.url()).searchParams.get('flow')).not.toBe(fresh);
  await expect(page.locator(sel.input('traits.name.first'))).toHaveValue('Grace');
  await page.fill(sel.input('traits.name.last'), 'Hopper');
  await page.click(sel.method('profile'));
  await expectSettingsPage(page, SHORT);
  await expect(page.locator(sel.message(1050001))).toBeVisible();
  await expect(page.locator(sel.input('traits.name.last'))).toHaveValue('Hopper');
});

// Scenario 11
test('with Kratos stopped the page says so with a retry link, and retry works once it is back', async ({ page, guard }) => {
  onlyOn('emulator', 'stops and restarts its own Kratos; fault scenarios use the emulator, which starts in milliseconds');
  const [uiPort, publicPort, adminPort] = [await freePort(), await freePort(), await freePort()];
  const env: Env = {
    ui: `http://127.0.0.1:${uiPort}`,
    kratos: `http://127.0.0.1:${publicPort}`,
    admin: `http://127.0.0.1:${adminPort}`,
  };
  const procs: Proc[] = [];
  try {
    let kratos = await startEmulator(publicPort, adminPort, uiPort);
    procs.push(kratos, await startApp(uiPort, publicPort));

    const identity = await createIdentity(env);
    await signIn(page, identity, env);

    await kratos.stop();
    guard.allow(/status of 502/);
    const res = await page.reload();
    expect(res?.status()).toBe(502);
    const error = page.locator(sel.error);
    await expect(error).toHaveAttribute('data-status', '502');
    await expect(error.locator('h1')).toHaveText('The identity service is unreachable');
    await expect(error).toContainText('Nothing was changed');
    const retry = page.locator(sel.retry);
    await expect(retry).toBeVisible();
    expect(await retry.getAttribute('href')).toMatch(/^\/settings(\?|$)/);

    // Still down: retrying gives the same page.
    await retry.click();
    await expect(page.locator(sel.error)).toHaveAttribute('data-status', '502');

    kratos = await startEmulator(publicPort, adminPort, uiPort);
    procs.push(kratos);
    // The emulator keeps everything in memory: the identity and the session are gone with it.
    const again = await createIdentity(env);
    await page.locator(sel.retry).click();
    await expectLoginPage(page, env);
    await submitPassword(page, again.email, again.password);
    await expectSettingsPage(page, env);
    await expect(page.locator(sel.email)).toContainText(again.email);
  } finally {
    for (const p of procs.reverse()) await p.stop();
  }
});
