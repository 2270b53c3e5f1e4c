// Security keys and passkeys, added and used through Kratos's own webauthn.js, which the page's
// trigger island calls under the strict CSP. Chromium's virtual authenticator (DevTools protocol)
// stands in for the key or the device: it answers navigator.credentials at once, with no prompt.

import {
  test, expect, createIdentity, signIn, submitPassword, expectSettingsPage, expectLoginPage, sel,
  onlyOn, jsEnabled, SHORT, outlivePrivilegedSession, confirmWithPassword, expectNoViolations, uniqueEmail,
  type Page,
} from './helpers';
import type { BrowserContext, CDPSession } from '@playwright/test';

interface Authenticator {
  cdp: CDPSession;
  id: string;
  credentials(): Promise<unknown[]>;
}

/**
 * A virtual authenticator on `page`: a USB security key (no resident keys), or, for passkeys, a
 * platform authenticator with resident keys and user verification.
 */
async function addAuthenticator(context: BrowserContext, page: Page, kind: 'key' | 'passkey'): Promise<Authenticator> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const passkey = kind === 'passkey';
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: passkey ? 'internal' : 'usb',
      hasResidentKey: passkey,
      hasUserVerification: passkey,
      isUserVerified: passkey,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    id: authenticatorId,
    credentials: async () =>
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

const keys = (page: Page) => page.locator(`${sel.group('webauthn')} button[name=webauthn_remove]`);
const passkeys = (page: Page) => page.locator(`${sel.group('passkey')} button[name=passkey_remove]`);

test.describe('with JavaScript', () => {
  test.beforeEach(() => {
    onlyOn('kratos', 'WebAuthn needs real Kratos (the emulator does not verify attestations)');
    test.skip(!jsEnabled(), 'adding a key or passkey runs Kratos\'s webauthn.js');
  });

  test('a security key: a name is required, then it is added, cannot be added twice, works as second factor, and is removed', async ({ page, context, guard }) => {
    const identity = await createIdentity();
    const key = await addAuthenticator(context, page, 'key');
    await signIn(page, identity);
    const section = page.locator(sel.group('webauthn'));
    await expect(section.locator('h2')).toHaveText('Security keys');

    // Without a name the browser refuses at the field, before the authenticator is asked.
    await page.click(sel.input('webauthn_register_trigger'));
    const name = page.locator(sel.input('webauthn_register_displayname'));
    await expect(name).toBeFocused();
    expect(await name.evaluate((el: HTMLInputElement) => el.validity.valueMissing)).toBe(true);
    expect(await key.credentials()).toHaveLength(0);

    await name.fill('Blue key');
    await page.click(sel.input('webauthn_register_trigger'));
    await expectSettingsPage(page);
    await expect(page.locator(sel.message(1050001))).toBeVisible();
    await expect(keys(page)).toHaveCount(1);
    await expect(keys(page)).toContainText('Blue key');
    expect(await key.credentials()).toHaveLength(1);
    await expectNoViolations(page, 'the settings page with a security key');

    // The same authenticator again: the page lists the key as excluded (Kratos v1.3.1 does not),
    // the authenticator refuses, and Kratos's script reports it in an alert; nothing is added.
    let alerted = '';
    page.once('dialog', (dialog) => {
      alerted = dialog.message();
      void dialog.dismiss();
    });
    await page.fill(sel.input('webauthn_register_displayname'), 'Blue key again');
    await page.click(sel.input('webauthn_register_trigger'));
    await expect.poll(() => alerted).toMatch(/InvalidStateError|excluded|already registered/i);
    await page.reload();
    await expectSettingsPage(page);
    await expect(keys(page)).toHaveCount(1);
    expect(await key.credentials()).toHaveLength(1);

    // A fresh sign-in: the password, then the key as second factor.
    await context.clearCookies();
    await page.goto('/settings');
    await submitPassword(page, identity.email, identity.password);
    await expectLoginPage(page);
    await expect(page.locator(sel.message(1010004))).toBeVisible();
    await expectNoViolations(page, 'the second-factor page with a security key');
    await page.click(sel.input('webauthn_login_trigger'));
    await expectSettingsPage(page);

    // Removed: the key no longer signs in, and the section offers to add one again.
    await keys(page).first().click();
    await expectSettingsPage(page);
    await expect(page.locator(sel.message(1050001))).toBeVisible();
    await expect(keys(page)).toHaveCount(0);
    await expect(page.locator(sel.input('webauthn_register_trigger'))).toBeVisible();
    expect(guard.problems()).toEqual([]);
  });

  test('a security key is removed after re-authentication', async ({ page, context }) => {
    const identity = await createIdentity(SHORT);
    await addAuthenticator(context, page, 'key');
    await signIn(page, identity, SHORT);
    await page.fill(sel.input('webauthn_register_displayname'), 'Old key');
    await page.click(sel.input('webauthn_register_trigger'));
    await expectSettingsPage(page, SHORT);
    await expect(keys(page)).toHaveCount(1);

    await outlivePrivilegedSession(page);
    await keys(page).first().click();

    // Kratos asks to confirm it is you. The password is enough: Kratos v1.3.1 keeps the key
    // among the session's methods, so the session stays at the second factor.
    await confirmWithPassword(page, identity.password);

    // Back on settings, the parked removal was applied.
    await expectSettingsPage(page, SHORT);
    await expect(page.locator(sel.message(1050001))).toBeVisible();
    await expect(keys(page)).toHaveCount(0);
  });

  test('a passkey: added on the settings page, then it alone signs in', async ({ page, context }) => {
    const identity = await createIdentity();
    const device = await addAuthenticator(context, page, 'passkey');
    await signIn(page, identity);
    await expect(page.locator(`${sel.group('passkey')} h2`)).toHaveText('Passkeys');

    await page.click(sel.input('passkey_register_trigger'));
    await expectSettingsPage(page);
    await expect(page.locator(sel.message(1050001))).toBeVisible();
    await expect(passkeys(page)).toHaveCount(1);
    await expect(passkeys(page)).toBeEnabled();
    await expectNoViolations(page, 'the settings page with a passkey');
    expect(await device.credentials()).toHaveLength(1);

    // Signed out: the passkey alone, no email or password typed.
    await context.clearCookies();
    await page.goto('/settings');
    await expectLoginPage(page);
    await expectNoViolations(page, 'the sign-in page with passkeys');
    await page.click(sel.input('passkey_login_trigger'));
    await expectSettingsPage(page);
    await expect(page.locator(sel.email)).toContainText(identity.email);

    // With a password beside it, the passkey can be removed.
    await passkeys(page).first().click();
    await expectSettingsPage(page);
    await expect(passkeys(page)).toHaveCount(0);
  });

  test('signed up with a passkey alone: it signs in, and it cannot be removed, saying why', async ({ page, context }) => {
    const device = await addAuthenticator(context, page, 'passkey');
    const email = uniqueEmail('passkey-only');
    await page.goto('/registration');
    await page.fill('input[name="traits.email"]', email);
    await page.fill('input[name="traits.name.first"]', 'Ada');
    await page.click(sel.method('profile'));
    await page.click(sel.input('passkey_register_trigger'));
    // Signed in, and asked to verify the address (kratos.real.yml's sign-up hooks).
    await expect(page).toHaveURL(/\/verification\?flow=/);
    expect(await device.credentials()).toHaveLength(1);

    await page.goto('/settings');
    await expectSettingsPage(page);
    await expect(page.locator(sel.email)).toContainText(email);
    // The identity's only way to sign in: Kratos disables its remove button, and the page says why.
    await expect(passkeys(page)).toHaveCount(1);
    await expect(passkeys(page)).toBeDisabled();
    const why = page.locator(`${sel.group('passkey')} [data-testid="ui/cannot-remove"]`);
    await expect(why).toBeVisible();
    await expect(passkeys(page)).toHaveAttribute('aria-describedby', (await why.getAttribute('id'))!);
    await expectNoViolations(page, 'the settings page with a passkey that cannot be removed');

    // Signed out, the passkey alone signs in again.
    await context.clearCookies();
    await page.goto('/settings');
    await expectLoginPage(page);
    await page.click(sel.input('passkey_login_trigger'));
    await expectSettingsPage(page);
    await expect(page.locator(sel.email)).toContainText(email);
  });
});

test('without JavaScript the key and passkey sections say they need it, and the rest of the page works', async ({ page }) => {
  onlyOn('kratos', 'the emulator offers no security keys or passkeys');
  test.skip(jsEnabled(), 'what a browser without JavaScript sees');
  const identity = await createIdentity();
  await signIn(page, identity);
  for (const group of ['webauthn', 'passkey']) {
    const section = page.locator(sel.group(group));
    await expect(section.locator('[data-testid="ui/needs-js"]')).toBeVisible();
    // No button that would do nothing.
    await expect(section.locator('button[data-trigger]')).toBeHidden();
  }
  // The profile form still saves.
  await page.fill(sel.input('traits.name.first'), 'Grace');
  await page.click(sel.method('profile'));
  await expectSettingsPage(page);
  await expect(page.locator(sel.message(1050001))).toBeVisible();
});
