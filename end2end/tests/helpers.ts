// Shared helpers for the kratos-ui end-to-end suite: identities through the emulator's admin API,
// signing in, TOTP codes (RFC 6238), spawning private server pairs, and a guard that fails a test
// on console errors, uncaught exceptions or failed requests.

import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
export type { Page };
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** One kratos-ui instance and the Kratos it talks to. */
export interface Env {
  ui: string;
  kratos: string;
  admin: string;
}

/**
 * Which Kratos a test runs against: the project's `metadata.backend` (playwright.config.ts). Real
 * Ory Kratos is the reference; every spec also runs against the emulator unless it says otherwise.
 */
export type Backend = 'kratos' | 'emulator';

export function backend(): Backend {
  return (test.info().project.metadata as { backend?: Backend }).backend ?? 'emulator';
}

/**
 * The two kratos-ui/Kratos pairs of each backend: the main one and a short-lived one whose
 * privileged sessions and settings flows last 5 s. Real Kratos runs on `localhost` (browsers refuse
 * an IP address as a WebAuthn relying party); the emulator stays on 127.0.0.1.
 */
export const PAIRS: Record<Backend, { main: Env; short: Env }> = {
  kratos: {
    main: { ui: 'http://localhost:3200', kratos: 'http://localhost:4533', admin: 'http://127.0.0.1:4534' },
    short: { ui: 'http://localhost:3202', kratos: 'http://localhost:4535', admin: 'http://127.0.0.1:4536' },
  },
  emulator: {
    main: { ui: 'http://127.0.0.1:3000', kratos: 'http://127.0.0.1:4433', admin: 'http://127.0.0.1:4434' },
    short: { ui: 'http://127.0.0.1:3002', kratos: 'http://127.0.0.1:4435', admin: 'http://127.0.0.1:4436' },
  },
};

/** An `Env` that follows the backend of the test that reads it. */
function pairOf(which: 'main' | 'short'): Env {
  return {
    get ui() {
      return PAIRS[backend()][which].ui;
    },
    get kratos() {
      return PAIRS[backend()][which].kratos;
    },
    get admin() {
      return PAIRS[backend()][which].admin;
    },
  };
}

/** The main pair of this test's backend (kratos.yml / kratos.real.yml). */
export const MAIN: Env = pairOf('main');

/** The short-lived pair of this test's backend (kratos.short-lived.yml / kratos.real.short-lived.yml). */
export const SHORT: Env = pairOf('short');

/**
 * Skips this test unless it runs against `only`, and prints why: a test that needs something only
 * one backend has (real Kratos's own behaviour, or an emulator that a test may stop and restart).
 */
export function onlyOn(only: Backend, reason: string) {
  const here = backend();
  if (here !== only) console.log(`skipped on ${here}: ${reason}`);
  test.skip(here !== only, `${only} only: ${reason}`);
}

/** `privileged_session_max_age` and the settings `lifespan` of kratos.short-lived.yml, in ms. */
export const SHORT_LIFESPAN_MS = 5_000;

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------
// Identities

export interface Identity {
  id: string;
  email: string;
  password: string;
  first: string;
  last: string;
}

export function uniqueEmail(tag = 'user'): string {
  return `${tag}-${Date.now().toString(36)}-${randomBytes(5).toString('hex')}@example.org`;
}

/** A new identity with a password, created through the admin API, with an email no other test uses. */
export async function createIdentity(env: Env = MAIN, tag = 'user'): Promise<Identity> {
  const email = uniqueEmail(tag);
  const password = `Pw-${randomBytes(9).toString('base64url')}!7`;
  const first = 'Ada';
  const last = 'Lovelace';
  const res = await fetch(`${env.admin}/admin/identities`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      schema_id: 'default',
      traits: { email, name: { first, last } },
      credentials: { password: { config: { password } } },
    }),
  });
  const body = await res.text();
  expect(res.status, `create identity: ${body}`).toBe(201);
  const { id } = JSON.parse(body) as { id: string };
  return { id, email, password, first, last };
}

/**
 * The newest message Kratos's courier queued for `email` (real Kratos only: `serve-real` runs
 * without `--watch-courier`, so messages stay queued and `--dev` shows their bodies), waiting for
 * one newer than `after` (ms since the epoch) to appear.
 */
export async function courierMessage(env: Env, email: string, after = 0): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await fetch(`${env.admin}/admin/courier/messages?recipient=${encodeURIComponent(email)}`);
    expect(res.status, 'courier messages').toBe(200);
    const messages = (await res.json()) as { body: string; created_at: string }[];
    const newest = messages
      .filter((m) => Date.parse(m.created_at) >= after - 1000)
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
    if (newest) return newest.body;
    if (Date.now() > deadline) throw new Error(`no message for ${email} from Kratos's courier`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The six-digit code of a courier message. */
export function codeIn(body: string): string {
  const m = body.match(/\b(\d{6})\b/);
  if (!m) throw new Error(`no code in: ${body}`);
  return m[1];
}

/** The Kratos link of a courier message (verification or recovery by link). */
export function linkIn(body: string, env: Env): string {
  const m = body.match(new RegExp(`${escapeRe(env.kratos)}/self-service/[^\\s]+`));
  if (!m) throw new Error(`no link in: ${body}`);
  return m[0];
}

// ---------------------------------------------------------------------------------------------
// Selectors (the data-testid scheme of Kratos's own e2e suite)

export const sel = {
  message: (id: number | string) => `[data-testid="ui/message/${id}"]`,
  input: (name: string) => `[data-testid="node/input/${name}"]`,
  text: (id: string) => `[data-testid="node/text/${id}/text"]`,
  label: (id: string) => `[data-testid="node/text/${id}/label"]`,
  image: (id: string) => `[data-testid="node/image/${id}"]`,
  method: (value: string) => `button[name=method][value=${value}]`,
  group: (group: string) => `section[data-group="${group}"]`,
  error: '[data-testid="ui/error"]',
  retry: '[data-testid="ui/error/retry"]',
  logout: '[data-testid="logout"]',
  email: '[data-testid="identity/email"]',
  flowExpired: '[data-testid="ui/notice/flow-expired"]',
};

/** The `<form>` of one Kratos node group. */
export function groupForm(page: Page, group: string) {
  return page.locator(`${sel.group(group)} form`);
}

// ---------------------------------------------------------------------------------------------
// Signing in

/** Fills and submits the first-factor (password) form of the login page the browser is on. */
export async function submitPassword(page: Page, identifier: string, password: string) {
  await expect(page).toHaveURL(/\/login\?flow=/);
  await page.fill('input[name=identifier]', identifier);
  await page.fill(`${sel.group('password')} input[name=password]`, password);
  await page.click(sel.method('password'));
}

/**
 * Signs in through the UI: opens `path` on `env.ui` (which sends a signed-out browser to Kratos and
 * on to `/login`), submits the password form, and waits until the browser is back on the settings page.
 */
export async function signIn(page: Page, identity: Identity, env: Env = MAIN, path = '/settings') {
  await page.goto(`${env.ui}${path}`);
  await submitPassword(page, identity.email, identity.password);
  await expectSettingsPage(page, env);
}

export async function expectSettingsPage(page: Page, env: Env = MAIN) {
  await expect(page).toHaveURL(new RegExp(`^${escapeRe(env.ui)}/settings(\\?|$)`));
  await expect(page.locator('h1')).toHaveText('Account settings');
  await expect(page.locator(sel.method('profile'))).toBeVisible();
}

export async function expectLoginPage(page: Page, env: Env = MAIN) {
  await expect(page).toHaveURL(new RegExp(`^${escapeRe(env.ui)}/login\\?flow=`));
}

/**
 * Lets the short-lived pair's privileged session (and settings flow, 5 s) run out, then opens a
 * fresh settings page: its next change makes Kratos ask to confirm it is you.
 */
export async function outlivePrivilegedSession(page: Page) {
  await page.waitForTimeout(SHORT_LIFESPAN_MS + 750);
  await page.goto(`${SHORT.ui}/settings`);
  await expectSettingsPage(page, SHORT);
}

/** On Kratos's re-authentication screen of the short-lived pair: confirms with the password. */
export async function confirmWithPassword(page: Page, password: string) {
  await expectLoginPage(page, SHORT);
  await expect(page.locator('h1')).toHaveText('Confirm it is you');
  await page.fill(`${sel.group('password')} input[name=password]`, password);
  await page.click(sel.method('password'));
}

/** Forgets the session (and every other cookie) of this browser. */
export async function signOutLocally(context: BrowserContext) {
  await context.clearCookies();
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// TOTP (RFC 6238 over RFC 4226, HMAC-SHA1, 30 s, 6 digits)

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(input: string): Buffer {
  const clean = input.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = B32.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${JSON.stringify(ch)}`);
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

export function hotp(key: Buffer, counter: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', key).update(msg).digest();
  const off = h[h.length - 1] & 0x0f;
  const bin =
    ((h[off] & 0x7f) << 24) | (h[off + 1] << 16) | (h[off + 2] << 8) | h[off + 3];
  return (bin % 10 ** digits).toString().padStart(digits, '0');
}

/** The TOTP code of a base32 secret at `timeMs`. */
export function totp(secret: string, timeMs = Date.now(), digits = 6, periodS = 30): string {
  return hotp(base32Decode(secret), Math.floor(timeMs / 1000 / periodS), digits);
}

/** A 6-digit code that is not valid for `secret` now (nor one period either side). */
export function wrongTotp(secret: string): string {
  const now = Date.now();
  const valid = new Set([-30_000, 0, 30_000].map((d) => totp(secret, now + d)));
  for (const c of ['000000', '123456', '999999', '424242']) if (!valid.has(c)) return c;
  throw new Error('unreachable');
}

/** Reads the TOTP secret Kratos shows during enrolment. */
export async function readTotpSecret(page: Page): Promise<string> {
  const secret = (await page.locator(sel.text('totp_secret_key')).innerText()).trim();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  return secret;
}

// ---------------------------------------------------------------------------------------------
// Private server pairs (for the test that stops Kratos)

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForHttp(url: string, timeoutMs = 20_000, expectOk = true) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (!expectOk || res.ok) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms (${last})`);
}

export class Proc {
  private child: ChildProcess;
  private output: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    env: Record<string, string>,
  ) {
    this.child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      this.output.push(b.toString());
      if (this.output.length > 200) this.output.shift();
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  log(): string {
    return this.output.join('');
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * A Kratos emulator on its own ports, for a kratos-ui on `uiPort`: kratos.yml with the UI URLs and
 * the allowed return address moved to that port (written to a temporary folder with the identity
 * schema), and the public and admin ports overridden through the environment.
 */
export async function startEmulator(publicPort: number, adminPort: number, uiPort: number): Promise<Proc> {
  const dir = path.join(os.tmpdir(), `kratos-ui-e2e-${uiPort}`);
  fs.mkdirSync(dir, { recursive: true });
  const kratosDir = path.join(REPO_ROOT, 'end2end/kratos');
  const yml = fs
    .readFileSync(path.join(kratosDir, 'kratos.yml'), 'utf8')
    .replaceAll('127.0.0.1:3000', `127.0.0.1:${uiPort}`)
    .replaceAll('127.0.0.1:4433', `127.0.0.1:${publicPort}`)
    .replaceAll('127.0.0.1:4434', `127.0.0.1:${adminPort}`);
  fs.writeFileSync(path.join(dir, 'kratos.yml'), yml);
  fs.copyFileSync(path.join(kratosDir, 'identity.schema.json'), path.join(dir, 'identity.schema.json'));
  const proc = new Proc(
    `kratos-emulator:${publicPort}`,
    path.join(REPO_ROOT, 'target/release/kratos-emulator'),
    ['--config', path.join(dir, 'kratos.yml')],
    {
      KRATOS_EMULATOR_PUBLIC_PORT: String(publicPort),
      KRATOS_EMULATOR_ADMIN_PORT: String(adminPort),
      KRATOS_EMULATOR_PUBLIC_BASE_URL: `http://127.0.0.1:${publicPort}/`,
    },
  );
  await waitForHttp(`http://127.0.0.1:${publicPort}/health/ready`).catch((e) => {
    throw new Error(`${e.message}\n${proc.log()}`);
  });
  return proc;
}

/** A kratos-ui instance on `uiPort` talking to Kratos on `kratosPort`. */
export async function startApp(uiPort: number, kratosPort: number): Promise<Proc> {
  const proc = new Proc(`kratos-ui:${uiPort}`, path.join(REPO_ROOT, 'target/release/kratos-ui'), [], {
    KRATOS_PUBLIC_URL: `http://127.0.0.1:${kratosPort}`,
    LEPTOS_SITE_ADDR: `127.0.0.1:${uiPort}`,
    LEPTOS_SITE_ROOT: 'target/site',
  });
  await waitForHttp(`http://127.0.0.1:${uiPort}/health/alive`).catch((e) => {
    throw new Error(`${e.message}\n${proc.log()}`);
  });
  return proc;
}

// ---------------------------------------------------------------------------------------------
// The guard: no console errors, no uncaught exceptions, no failed requests (scenario 14)

export interface Guard {
  /** Problems matching `pattern` are expected in this test (e.g. the console line of a 502 page). */
  allow(pattern: RegExp): void;
  /** Problems seen so far that were not allowed. */
  problems(): string[];
}

export const test = base.extend<{ guard: Guard }>({
  guard: [
    async ({ context }, use, testInfo) => {
      const seen: string[] = [];
      const allowed: RegExp[] = [];
      context.on('console', (m) => {
        if (m.type() === 'error') {
          const loc = m.location();
          seen.push(`console error on ${m.page()?.url() ?? '?'}: ${m.text()} (${loc.url}:${loc.lineNumber})`);
        }
      });
      context.on('weberror', (e) => seen.push(`uncaught exception on ${e.page()?.url() ?? '?'}: ${e.error().message}`));
      const js = testInfo.project.use.javaScriptEnabled !== false;
      context.on('requestfailed', (r) => {
        const reason = r.failure()?.errorText ?? '?';
        // With JavaScript switched off Chromium refuses to fetch the app's script and wasm
        // (the `modulepreload`/`preload` links) and reports that as a "csp" block: that is the
        // browser setting under test, not a fault of the page.
        if (!js && reason === 'csp' && /\/pkg\/[^/]+\.(js|wasm)$/.test(new URL(r.url()).pathname)) return;
        // The islands' script and wasm load while the browser is idle; a test that moves on to
        // the next page before then aborts the load (net::ERR_ABORTED). A missing or refused
        // file fails otherwise (a 404 is a response, CSP is "csp").
        if (reason === 'net::ERR_ABORTED' && /\/pkg\/[^/]+\.(js|wasm)$/.test(new URL(r.url()).pathname)) return;
        seen.push(`failed request ${r.method()} ${r.url()}: ${reason}`);
      });
      const problems = () => seen.filter((p) => !allowed.some((re) => re.test(p)));
      await use({ allow: (re) => allowed.push(re), problems });
      if (testInfo.status === testInfo.expectedStatus) {
        expect(problems(), 'console errors, uncaught exceptions or failed requests').toEqual([]);
      }
    },
    { auto: true },
  ],
});

export { expect };

/** Whether this test runs with JavaScript enabled. */
export function jsEnabled(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

/** Fails with a summary of what axe finds on the page against WCAG 2.2 AA and best practice. */
export async function expectNoViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  expect(summary, `axe violations on ${what}`).toEqual([]);
}
