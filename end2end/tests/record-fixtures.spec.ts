// Records what real Ory Kratos sends in the states kratos-ui must render, into
// tests/fixtures/kratos-v<version>/, for the fixture, rendering and HTTP tests. Run it by hand when
// Kratos is upgraded: `scripts/record-fixtures` (this spec in the `record` project, which exists only
// with KRATOS_UI_RECORD=1; Playwright starts the real-Kratos pairs of the suite).
//
// It plays a browser in Kratos's JSON mode, as kratos-ui's server functions do, so every flow and
// error is the body kratos-ui gets. Volatile values are normalised: UUIDs become
// 00000000-0000-4000-8000-<n>, timestamps 2026-01-01T00:00:00Z (and *_unix context values that
// instant), CSRF tokens a placeholder. Shapes, node order, messages and everything else stay as
// Kratos sent them, so a new recording differs only where Kratos changed and in values that are
// random by design: the throwaway identities' emails, TOTP secrets and QR codes, WebAuthn
// challenges, backup codes and `since` durations.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  test, createIdentity, totp, wrongTotp, uniqueEmail, courierMessage, codeIn, PAIRS, REPO_ROOT, SHORT_LIFESPAN_MS,
  type Env, type Identity,
} from './helpers';
import { KratosBrowser, expectAnswer, nodeNamed, type Answer } from './kratos-client';

async function signIn(b: KratosBrowser, identity: Identity) {
  const flow = expectAnswer(await b.get('/self-service/login/browser'), 200, 'login flow');
  expectAnswer(
    await b.submit(flow, { method: 'password', identifier: identity.email, password: identity.password }),
    200,
    'sign in',
  );
}

// ------------------------------------------------------------------------------------------------
// Normalisation and output

const ids = new Map<string, string>();
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const FIXED_TIME = '2026-01-01T00:00:00Z';
const FIXED_UNIX = Date.parse(FIXED_TIME) / 1000;

function normalise(value: any, key = ''): any {
  if (typeof value === 'string') {
    if (TIME.test(value)) return FIXED_TIME;
    return value.replace(UUID, (u) => {
      if (!ids.has(u)) ids.set(u, `00000000-0000-4000-8000-${String(ids.size + 1).padStart(12, '0')}`);
      return ids.get(u)!;
    });
  }
  if (typeof value === 'number' && key.endsWith('_unix')) return FIXED_UNIX;
  if (Array.isArray(value)) return value.map((v) => normalise(v, key));
  if (value && typeof value === 'object') {
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalise(v, k);
    if (out.attributes?.name === 'csrf_token' && typeof out.attributes.value === 'string') {
      out.attributes = { ...out.attributes, value: 'CSRF-TOKEN-NORMALISED' };
    }
    return out;
  }
  return value;
}

let outDir = '';
const written: string[] = [];

function write(relative: string, value: unknown) {
  const file = path.join(outDir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(normalise(value), null, 2)}\n`);
  written.push(relative);
}

/** An error answer as an envelope: what was asked, the status, and Kratos's body. */
function writeError(relative: string, res: Answer) {
  write(relative, { request: { method: res.method, url: res.url }, status: res.status, body: res.json });
}

/** A list answer with the headers that page it (`Link`, `X-Total-Count`). */
function writeList(relative: string, res: Answer) {
  expectAnswer(res, 200, relative);
  write(relative, { link: res.headers['link'] ?? null, x_total_count: res.headers['x-total-count'] ?? null, body: res.json });
}

// ------------------------------------------------------------------------------------------------
// The states

async function recordMain(env: Env) {
  const identity = await createIdentity(env, 'recorder');
  const b = new KratosBrowser(env.kratos);

  // Signed out.
  writeError('errors/settings-browser-401-no-session.json', await b.get('/self-service/settings/browser'));
  writeError('errors/whoami-401-no-session.json', await b.get('/sessions/whoami'));

  // Login, first factor.
  let login = expectAnswer(await b.get('/self-service/login/browser'), 200, 'login flow');
  write('login/first-factor.json', login);
  login = expectAnswer(
    await b.submit(login, { method: 'password', identifier: identity.email, password: 'not-the-password' }),
    400,
    'wrong password',
  );
  write('login/first-factor-wrong-password.json', login);
  expectAnswer(
    await b.submit(login, { method: 'password', identifier: identity.email, password: identity.password }),
    200,
    'sign in',
  );
  write('sessions/whoami-aal1-password.json', expectAnswer(await b.get('/sessions/whoami'), 200, 'whoami'));
  // Another browser signed in as the same identity: the list of other sessions, signing them out,
  // and the list with none left (whose links Kratos still writes).
  const elsewhere = new KratosBrowser(env.kratos);
  await signIn(elsewhere, identity);
  writeList('sessions/list-one-other.json', await b.get('/sessions'));
  write('sessions/revoke-others.json', expectAnswer(await b.request('DELETE', '/sessions'), 200, 'sign out others'));
  writeList('sessions/list-none.json', await b.get('/sessions'));
  writeError('errors/login-browser-400-session-already-available.json', await b.get('/self-service/login/browser'));
  write('login/refresh.json', expectAnswer(await b.get('/self-service/login/browser?refresh=true'), 200, 'refresh'));

  // Settings: every method offered.
  let settings = expectAnswer(await b.get('/self-service/settings/browser'), 200, 'settings flow');
  write('settings/initial-every-method.json', settings);
  write(
    'settings/fetched-by-id.json',
    expectAnswer(await b.get(`/self-service/settings/flows?id=${settings.id}`), 200, 'settings flow by id'),
  );
  writeError(
    'errors/settings-browser-400-return-to-forbidden.json',
    await b.get(`/self-service/settings/browser?return_to=${encodeURIComponent('https://evil.example/')}`),
  );
  writeError(
    'errors/settings-get-flow-404-not-found.json',
    await b.get('/self-service/settings/flows?id=5f3a0b64-1e4f-4a49-9f43-2a34c7d1b1d0'),
  );
  writeError(
    'errors/settings-submit-403-csrf-violation.json',
    await b.request('POST', settings.ui.action, { json: { method: 'profile', traits: { email: identity.email } } }),
  );

  // Profile.
  settings = expectAnswer(
    await b.submit(settings, { method: 'profile', traits: { email: 'not-an-email', name: { first: 'Ada', last: 'Lovelace' } } }),
    400,
    'invalid email',
  );
  write('settings/profile-invalid-email.json', settings);
  // An enum trait (`locale`): v1.3.1 renders it as a text field, without options, and refuses a
  // value outside the enum.
  settings = expectAnswer(
    await b.submit(settings, { method: 'profile', traits: { email: identity.email, locale: 'xx' } }),
    400,
    'value outside the enum',
  );
  write('settings/profile-invalid-enum.json', settings);
  settings = expectAnswer(
    await b.submit(settings, { method: 'profile', traits: { email: identity.email, name: { first: 'Grace', last: 'Hopper' } } }),
    200,
    'profile saved',
  );
  write('settings/profile-saved.json', settings);

  // Password.
  settings = expectAnswer(await b.submit(settings, { method: 'password', password: 'short' }), 400, 'short password');
  write('settings/password-too-short.json', settings);
  identity.password = `Pw-${randomBytes(9).toString('base64url')}!8`;
  settings = expectAnswer(await b.submit(settings, { method: 'password', password: identity.password }), 200, 'password saved');
  write('settings/password-saved.json', settings);

  // Backup codes: generated, confirmed.
  settings = expectAnswer(await b.submit(settings, { method: 'lookup_secret', lookup_secret_regenerate: true }), 200, 'codes generated');
  write('settings/lookup-generated.json', settings);
  const codes = nodeNamed(settings, 'lookup_secret_codes')!.attributes.text.context.secrets.map((s: { text: string }) => s.text);
  settings = expectAnswer(await b.submit(settings, { method: 'lookup_secret', lookup_secret_confirm: true }), 200, 'codes confirmed');
  write('settings/lookup-confirmed.json', settings);

  // TOTP: a wrong code, then the right one.
  settings = expectAnswer(await b.get('/self-service/settings/browser'), 200, 'settings flow');
  write('settings/totp-setup.json', settings);
  const secret = nodeNamed(settings, 'totp_secret_key')!.attributes.text.text;
    settings = expectAnswer(await b.submit(settings, { method: 'totp', totp_code: wrongTotp(secret) }), 400, 'wrong TOTP code');
  write('settings/totp-wrong-code.json', settings);
  settings = expectAnswer(await b.submit(settings, { method: 'totp', totp_code: totp(secret) }), 200, 'TOTP enrolled');
  write('settings/totp-enrolled.json', settings);

  // A new browser signs in with a password only: aal1 where aal2 is available.
  // Kratos answers the password step with 422: the session must go on to aal2 at once.
  const c = new KratosBrowser(env.kratos);
  login = expectAnswer(await c.get('/self-service/login/browser'), 200, 'login flow');
  writeError(
    'errors/login-submit-422-browser-location-change-required-aal2.json',
    await c.submit(login, { method: 'password', identifier: identity.email, password: identity.password }),
  );
  writeError('errors/settings-browser-403-session-aal2-required.json', await c.get('/self-service/settings/browser'));
  writeError('errors/whoami-403-session-aal2-required.json', await c.get('/sessions/whoami'));
  let aal2 = expectAnswer(await c.get('/self-service/login/browser?aal=aal2'), 200, 'aal2 login flow');
  write('login/aal2-totp-and-backup-code.json', aal2);
  aal2 = expectAnswer(await c.submit(aal2, { method: 'totp', totp_code: wrongTotp(secret) }), 400, 'wrong aal2 TOTP');
  write('login/aal2-totp-wrong-code.json', aal2);
  // The second factor with a backup code, so that one shows as used.
  expectAnswer(await c.submit(aal2, { method: 'lookup_secret', lookup_secret: codes[0] }), 200, 'aal2 with a backup code');
  write('sessions/whoami-aal2-backup-code.json', expectAnswer(await c.get('/sessions/whoami'), 200, 'whoami aal2'));
  settings = expectAnswer(await c.get('/self-service/settings/browser'), 200, 'settings at aal2');
  write('settings/two-factors-enrolled.json', settings);
  settings = expectAnswer(await c.submit(settings, { method: 'lookup_secret', lookup_secret_reveal: true }), 200, 'codes revealed');
  write('settings/lookup-revealed-one-used.json', settings);
  write('login/refresh-aal2.json', expectAnswer(await c.get('/self-service/login/browser?refresh=true&aal=aal2'), 200, 'refresh aal2'));
}

async function recordShortLived(env: Env) {
  const identity = await createIdentity(env, 'recorder-short');
  const b = new KratosBrowser(env.kratos);
  await signIn(b, identity);
  const settings = expectAnswer(await b.get('/self-service/settings/browser'), 200, 'settings flow');
  await new Promise((r) => setTimeout(r, SHORT_LIFESPAN_MS + 1_000));
  writeError('errors/settings-get-flow-410-expired.json', await b.get(`/self-service/settings/flows?id=${settings.id}`));
  writeError(
    'errors/settings-submit-410-expired.json',
    await b.submit(settings, { method: 'profile', traits: { email: identity.email, name: { first: 'Late', last: '' } } }),
  );
  const fresh = expectAnswer(await b.get('/self-service/settings/browser'), 200, 'fresh settings flow');
  writeError(
    'errors/settings-submit-403-session-refresh-required.json',
    await b.submit(fresh, { method: 'password', password: `Pw-${randomBytes(9).toString('base64url')}!9` }),
  );
}

/** Sign-up, verification and recovery, each through its states (codes from Kratos's courier). */
async function recordFlows(env: Env) {
  const strong = `Pw-${randomBytes(9).toString('base64url')}!5`;
  const b = new KratosBrowser(env.kratos);
  const email = uniqueEmail('recorder-signup');
  const traits = { email, name: { first: 'Ada', last: 'Lovelace' } };
  let reg = expectAnswer(await b.get('/self-service/registration/browser'), 200, 'registration flow');
  write('registration/initial.json', reg);
  reg = expectAnswer(await b.submit(reg, { method: 'profile', traits }), 400, 'profile step');
  write('registration/credentials.json', reg);
  reg = expectAnswer(await b.submit(reg, { method: 'password', password: 'short', traits }), 400, 'weak password');
  write('registration/password-too-short.json', reg);

  const existing = await createIdentity(env, 'recorder-existing');
  const dup = new KratosBrowser(env.kratos);
  let taken = expectAnswer(await dup.get('/self-service/registration/browser'), 200, 'registration flow');
  const takenTraits = { email: existing.email, name: { first: 'Ada', last: 'Lovelace' } };
  taken = expectAnswer(await dup.submit(taken, { method: 'profile', traits: takenTraits }), 400, 'profile step');
  taken = expectAnswer(await dup.submit(taken, { method: 'password', password: strong, traits: takenTraits }), 400, 'duplicate');
  write('registration/duplicate-identifier.json', taken);

  const since = Date.now();
  const done = expectAnswer(await b.submit(reg, { method: 'password', password: strong, traits }), 200, 'sign up');
  writeError('errors/registration-browser-400-session-already-available.json', await b.get('/self-service/registration/browser'));
  writeError('errors/recovery-browser-400-session-already-available.json', await b.get('/self-service/recovery/browser'));
  const verifyId = done.continue_with.find((c: any) => c.action === 'show_verification_ui').flow.id;
  let ver = expectAnswer(await b.get(`/self-service/verification/flows?id=${verifyId}`), 200, 'verification flow');
  write('verification/sent.json', ver);
  ver = expectAnswer(await b.submit(ver, { method: 'code', code: '000000' }), 200, 'wrong verification code');
  write('verification/wrong-code.json', ver);
  const code = codeIn(await courierMessage(env, email, since));
  write('verification/passed.json', expectAnswer(await b.submit(ver, { method: 'code', code }), 200, 'verified'));
  write('verification/initial.json', expectAnswer(await b.get('/self-service/verification/browser'), 200, 'verification flow'));

  const r = new KratosBrowser(env.kratos);
  let rec = expectAnswer(await r.get('/self-service/recovery/browser'), 200, 'recovery flow');
  write('recovery/initial.json', rec);
  const sent = Date.now();
  rec = expectAnswer(await r.submit(rec, { method: 'code', email }), 200, 'recovery code sent');
  write('recovery/sent.json', rec);
  rec = expectAnswer(await r.submit(rec, { method: 'code', code: '000000' }), 200, 'wrong recovery code');
  write('recovery/wrong-code.json', rec);
  const recoveryCode = codeIn(await courierMessage(env, email, sent));
  writeError('errors/recovery-submit-422-browser-location-change-required.json', await r.submit(rec, { method: 'code', code: recoveryCode }));
}

// ------------------------------------------------------------------------------------------------

test('record what real Kratos sends', async () => {
  test.setTimeout(120_000);
  const version = /Version:\s*(\S+)/.exec(
    execFileSync('bash', ['scripts/kratos', 'version'], { cwd: REPO_ROOT, encoding: 'utf8' }),
  )![1];
  outDir = path.join(REPO_ROOT, 'tests', 'fixtures', `kratos-${version}`);
  for (const sub of ['errors', 'login', 'settings', 'sessions', 'registration', 'recovery', 'verification']) fs.rmSync(path.join(outDir, sub), { recursive: true, force: true });
  await recordMain(PAIRS.kratos.main);
  await recordShortLived(PAIRS.kratos.short);
  await recordFlows(PAIRS.kratos.main);
  console.log(`recorded ${written.length} files from Kratos ${version} into ${path.relative(REPO_ROOT, outDir)}/`);
});
