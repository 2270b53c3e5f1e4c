// The emulator measured against real Ory Kratos: one scripted, browser-less journey runs against both
// (the main and short-lived pairs of each backend), and every step's answers are compared: status,
// redirect target (path and query keys), cookie names and attributes, error id, message ids and
// types, and per group the ordered list of nodes (group, type, name, input type, required,
// disabled). Volatile values (ids, hosts, tokens, times) are left out. It prints `N/M steps
// conform`; a difference either is fixed in the emulator or is listed in ALLOWED with its reason.
// Runs in the `conformance` project (once, no browser), and only where real Kratos is available.

import { test, expect, createIdentity, totp, wrongTotp, PAIRS, SHORT_LIFESPAN_MS, type Backend, type Env } from './helpers';
import { KratosBrowser, expectAnswer, nodeNamed, type Answer, type FlowLike } from './kratos-client';

/** What a step's answer shows, without volatile values. */
interface Observation {
  status: number;
  location?: string;
  cookies?: string[];
  error_id?: string;
  messages?: string[];
  nodes?: Record<string, string[]>;
}

/**
 * Known differences: `step name / field` → why it is allowed. The real-Kratos configuration
 * enables security keys, passkeys and social sign-in, which the emulator does not implement (it stays as it is:
 * new capabilities are tested against real Kratos), so their groups are left out of node lists
 * by IGNORED_GROUPS rather than listed here.
 */
const ALLOWED: Record<string, string> = {};

const IGNORED_GROUPS = new Set(['webauthn', 'passkey', 'oidc']);

function observe(res: Answer): Observation {
  const o: Observation = { status: res.status };
  if (res.location) {
    const u = new URL(res.location, 'http://relative.invalid');
    o.location = `${u.pathname}?${[...new Set(u.searchParams.keys())].sort().join('&')}`;
  }
  if (res.setCookies.length) {
    o.cookies = res.setCookies
      .map((c) => {
        const [pair, ...attrs] = c.split(';').map((s) => s.trim());
        // csrf_token_<sha256 of the public base URL>: the hash follows the host, not the behaviour.
        const name = pair.slice(0, pair.indexOf('=')).replace(/^csrf_token_[0-9a-f]+$/, 'csrf_token_*');
        const kept = attrs
          .map((a) => a.split('=')[0].toLowerCase() + (/^samesite=/i.test(a) ? `=${a.split('=')[1].toLowerCase()}` : ''))
          .filter((a) => ['httponly', 'secure', 'path', 'samesite=lax', 'samesite=strict', 'samesite=none', 'domain'].includes(a))
          .sort();
        return [name, ...kept].join('; ');
      })
      .sort();
  }
  const body = res.json;
  if (body && typeof body === 'object') {
    const errorId = body.error?.id;
    if (errorId) o.error_id = errorId;
    const ui = body.ui;
    if (ui && Array.isArray(ui.nodes)) {
      const messages: string[] = (ui.messages ?? []).map((m: any) => `${m.id}:${m.type}`);
      const nodes: Record<string, string[]> = {};
      for (const n of ui.nodes) {
        if (IGNORED_GROUPS.has(n.group)) continue;
        const a = n.attributes ?? {};
        const name = a.name ?? a.id ?? '';
        (nodes[n.group] ??= []).push(
          [n.type, name, a.type ?? '', a.required ? 'required' : '', a.disabled ? 'disabled' : ''].join(' ').trimEnd(),
        );
        for (const m of n.messages ?? []) messages.push(`${name} ${m.id}:${m.type}`);
      }
      o.nodes = nodes;
      o.messages = messages;
    }
  }
  return o;
}

type Step = { name: string; answer: Answer };

/** The journey, against one backend. Each step is one request; the steps are the same for both. */
async function journey(main: Env, short: Env): Promise<Step[]> {
  const steps: Step[] = [];
  const step = (name: string, answer: Answer) => {
    steps.push({ name, answer });
    return answer;
  };
  const identity = await createIdentity(main, 'conformance');
  const b = new KratosBrowser(main.kratos);

  step('settings without a session (browser)', await b.get('/self-service/settings/browser', true));
  step('settings without a session (JSON)', await b.get('/self-service/settings/browser'));

  let login: FlowLike = step('login: new flow', await b.get('/self-service/login/browser')).json;
  login = step(
    'login: wrong password',
    await b.submit(login, { method: 'password', identifier: identity.email, password: 'not-the-password' }),
  ).json;
  expectAnswer(
    step('login: password', await b.submit(login, { method: 'password', identifier: identity.email, password: identity.password })),
    200,
    'sign in',
  );
  step('whoami', await b.get('/sessions/whoami'));

  let settings: FlowLike = expectAnswer(step('settings: new flow', await b.get('/self-service/settings/browser')), 200, 'settings');
  step('settings: fetched by id', await b.get(`/self-service/settings/flows?id=${settings.id}`));
  step('settings: return_to not allowed', await b.get(`/self-service/settings/browser?return_to=${encodeURIComponent('https://evil.example/')}`));
  step('settings: unknown flow id', await b.get('/self-service/settings/flows?id=5f3a0b64-1e4f-4a49-9f43-2a34c7d1b1d0'));
  step('settings: post without CSRF token', await b.request('POST', settings.ui.action, { json: { method: 'profile', traits: { email: identity.email } } }));

  settings = step(
    'profile: invalid email',
    await b.submit(settings, { method: 'profile', traits: { email: 'not-an-email', name: { first: 'Ada', last: 'Lovelace' } } }),
  ).json;
  settings = step(
    'profile: value outside the enum',
    await b.submit(settings, { method: 'profile', traits: { email: identity.email, locale: 'xx' } }),
  ).json;
  settings = step(
    'profile: saved',
    await b.submit(settings, { method: 'profile', traits: { email: identity.email, name: { first: 'Grace', last: 'Hopper' } } }),
  ).json;
  settings = step('password: too short', await b.submit(settings, { method: 'password', password: 'short' })).json;
  identity.password = `${identity.password}-new`;
  settings = step('password: saved', await b.submit(settings, { method: 'password', password: identity.password })).json;
  settings = step('backup codes: generated', await b.submit(settings, { method: 'lookup_secret', lookup_secret_regenerate: true })).json;
  const codes: string[] = (nodeNamed(settings, 'lookup_secret_codes')?.attributes.text?.context?.secrets ?? []).map(
    (s: { text: string }) => s.text,
  );
  settings = step('backup codes: confirmed', await b.submit(settings, { method: 'lookup_secret', lookup_secret_confirm: true })).json;
  settings = step('backup codes: revealed', await b.submit(settings, { method: 'lookup_secret', lookup_secret_reveal: true })).json;

  settings = expectAnswer(step('totp: setup offered', await b.get('/self-service/settings/browser')), 200, 'settings');
  const secret: string = nodeNamed(settings, 'totp_secret_key')!.attributes.text.text;
  settings = step('totp: wrong code', await b.submit(settings, { method: 'totp', totp_code: wrongTotp(secret) })).json;
  settings = step('totp: enrolled', await b.submit(settings, { method: 'totp', totp_code: totp(secret) })).json;
  step('settings after enrolling, same session', await b.get('/self-service/settings/browser'));

  // A second browser: the password alone is not enough any more.
  const c = new KratosBrowser(main.kratos);
  login = expectAnswer(await c.get('/self-service/login/browser'), 200, 'login flow');
  step('login with a second factor enrolled: password', await c.submit(login, { method: 'password', identifier: identity.email, password: identity.password }));
  step('settings at aal1 (browser)', await c.get('/self-service/settings/browser', true));
  step('settings at aal1 (JSON)', await c.get('/self-service/settings/browser'));
  let aal2: FlowLike = step('login aal2: new flow', await c.get('/self-service/login/browser?aal=aal2')).json;
  aal2 = step('login aal2: wrong TOTP code', await c.submit(aal2, { method: 'totp', totp_code: wrongTotp(secret) })).json;
  step('login aal2: backup code', await c.submit(aal2, { method: 'lookup_secret', lookup_secret: codes[0] ?? '' }));
  step('settings at aal2', await c.get('/self-service/settings/browser'));

  const logout = step('logout: URL', await c.get('/self-service/logout/browser')).json;
  step('logout: followed', await c.get(logout?.logout_url ?? '/self-service/logout?token=none', true));
  step('whoami after logout', await c.get('/sessions/whoami'));

  // Short-lived pair: flows and privileged sessions last 5 s.
  const s = new KratosBrowser(short.kratos);
  const shortIdentity = await createIdentity(short, 'conformance-short');
  login = expectAnswer(await s.get('/self-service/login/browser'), 200, 'login flow');
  expectAnswer(await s.submit(login, { method: 'password', identifier: shortIdentity.email, password: shortIdentity.password }), 200, 'sign in');
  const stale: FlowLike = expectAnswer(await s.get('/self-service/settings/browser'), 200, 'settings');
  await new Promise((r) => setTimeout(r, SHORT_LIFESPAN_MS + 1_000));
  step('expired flow: fetched', await s.get(`/self-service/settings/flows?id=${stale.id}`));
  step('expired flow: submitted', await s.submit(stale, { method: 'profile', traits: { email: shortIdentity.email } }));
  const fresh: FlowLike = expectAnswer(await s.get('/self-service/settings/browser'), 200, 'settings');
  step('privileged session over: password change', await s.submit(fresh, { method: 'password', password: `${shortIdentity.password}-x` }));
  step('privileged session over: password change (browser)', await s.post(fresh, { method: 'password', password: `${shortIdentity.password}-x` }));
  const refresh: FlowLike = step('re-authentication: new flow', await s.get('/self-service/login/browser?refresh=true')).json;
  step(
    're-authentication: password',
    await s.submit(refresh, { method: 'password', identifier: shortIdentity.email, password: shortIdentity.password }),
  );
  step('privileged again: password change', await s.submit(fresh, { method: 'password', password: `${shortIdentity.password}-y` }));
  return steps;
}

function differences(a: Observation, b: Observation): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof Observation>) {
    const [x, y] = [JSON.stringify(a[key]), JSON.stringify(b[key])];
    if (x !== y) out.push(`${key}: kratos ${x ?? 'absent'} / emulator ${y ?? 'absent'}`);
  }
  return out;
}

test('the emulator answers the journey as real Kratos does', async () => {
  test.setTimeout(180_000);
  const run = async (backend: Backend) => journey(PAIRS[backend].main, PAIRS[backend].short);
  const [kratos, emulator] = [await run('kratos'), await run('emulator')];
  expect(emulator.map((s) => s.name)).toEqual(kratos.map((s) => s.name));

  let conform = 0;
  const unexplained: string[] = [];
  const explained: string[] = [];
  const allowedSeen = new Set<string>();
  for (const [i, k] of kratos.entries()) {
    const diffs = differences(observe(k.answer), observe(emulator[i].answer));
    if (diffs.length === 0) conform++;
    for (const d of diffs) {
      const key = `${k.name} / ${d.slice(0, d.indexOf(':'))}`;
      if (ALLOWED[key]) {
        allowedSeen.add(key);
        explained.push(`  ${key}: ${ALLOWED[key]}\n      ${d}`);
      } else {
        unexplained.push(`  ${k.name}: ${d}`);
      }
    }
  }
  console.log(`${conform}/${kratos.length} steps conform`);
  if (explained.length) console.log(`allowed differences:\n${explained.join('\n')}`);
  if (unexplained.length) console.log(`differences:\n${unexplained.join('\n')}`);
  const stale = Object.keys(ALLOWED).filter((k) => !allowedSeen.has(k));
  expect(stale, 'allowed differences that no longer occur').toEqual([]);
  expect(unexplained, 'differences between the emulator and real Kratos').toEqual([]);
});
