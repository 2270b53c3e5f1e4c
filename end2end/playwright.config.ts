import { defineConfig } from '@playwright/test';

// The suite runs against the release build (`cargo leptos build --release` and
// `cargo build --release -p kratos-emulator`, both done by scripts/test) and two Kratos backends:
//
// - real Ory Kratos v1.3.1 (built by scripts/build-kratos, started by end2end/kratos/serve-real),
//   the reference: app http://localhost:3200 with Kratos :4533/:4534 (kratos.real.yml), and a
//   short-lived pair, app :3202 with Kratos :4535/:4536 (kratos.real.short-lived.yml);
// - the Kratos emulator: app http://127.0.0.1:3000 with :4433/:4434 (kratos.yml), and the
//   short-lived pair, app :3002 with :4435/:4436 (kratos.short-lived.yml).
//
// Short-lived pairs' privileged sessions and settings flows last 5 s. Every test runs against both
// backends, with JavaScript and with `javaScriptEnabled: false`, unless it calls `onlyOn` (helpers.ts).
// KRATOS_UI_REAL_KRATOS=0 leaves real Kratos out (scripts/test does so only where Go is missing,
// and never on CI).
//
// Browsers: Debian's chromium (`npx playwright install` cannot reach its download host here).

const repoRoot = '..';
const reuse = !process.env.CI;
const realKratos = process.env.KRATOS_UI_REAL_KRATOS !== '0';

// The suite's OpenID provider for social sign-in (end2end/oidc/provider.mjs), real Kratos only.
const PROVIDER_ORIGIN = 'http://localhost:4600';

const app = (host: string, port: number, kratosPort: number) => ({
  command: 'target/release/kratos-ui',
  cwd: repoRoot,
  url: `http://127.0.0.1:${port}/health/alive`,
  reuseExistingServer: reuse,
  timeout: 30_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  env: {
    // Server to Kratos over loopback; the browser sees both under `host`.
    KRATOS_PUBLIC_URL: `http://127.0.0.1:${kratosPort}`,
    KRATOS_BROWSER_URL: `http://${host}:${kratosPort}`,
    KRATOS_UI_URL: `http://${host}:${port}`,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: 'target/site',
    // As `selfservice.methods.totp.config.issuer` in the Kratos configs.
    KRATOS_UI_TOTP_ISSUER: 'kratos-ui',
    // Where Kratos may send the browser for social sign-in (CSP form-action, redirects).
    KRATOS_UI_PROVIDER_ORIGINS: PROVIDER_ORIGIN,
  },
});

const emulator = (config: string, publicPort: number) => ({
  command: `target/release/kratos-emulator --config end2end/kratos/${config}`,
  cwd: repoRoot,
  url: `http://127.0.0.1:${publicPort}/health/ready`,
  reuseExistingServer: reuse,
  timeout: 30_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
});

const kratos = (config: string, publicPort: number) => ({
  command: `bash end2end/kratos/serve-real ${config}`,
  cwd: repoRoot,
  url: `http://127.0.0.1:${publicPort}/health/ready`,
  reuseExistingServer: reuse,
  // Builds Kratos first when scripts/setup has not (about 10 minutes on a cold machine).
  timeout: 20 * 60_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
});

// Specs that run once, without a browser page, in projects of their own.
const conformance = /conformance\.spec\.ts$/;
const recorder = /record-fixtures\.spec\.ts$/;

const browsers = (backend: 'kratos' | 'emulator', baseURL: string) =>
  [true, false].map((js) => ({
    name: `${backend}-${js ? 'js' : 'no-js'}`,
    metadata: { backend },
    testIgnore: [conformance, recorder],
    use: { baseURL, javaScriptEnabled: js },
  }));

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  timeout: 60_000,
  globalTimeout: 25 * 60_000,
  expect: { timeout: 10_000 },
  outputDir: './test-results',
  use: {
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    ...(realKratos ? browsers('kratos', 'http://localhost:3200') : []),
    ...browsers('emulator', 'http://127.0.0.1:3000'),
    // The emulator measured against real Kratos, step by step.
    ...(realKratos ? [{ name: 'conformance', testMatch: conformance }] : []),
    // scripts/record-fixtures: what real Kratos sends, written into tests/fixtures (by hand only).
    ...(realKratos && process.env.KRATOS_UI_RECORD === '1' ? [{ name: 'record', testMatch: recorder }] : []),
  ],
  webServer: [
    ...(realKratos
      ? [
          {
            command: 'node end2end/oidc/provider.mjs',
            cwd: repoRoot,
            url: `${PROVIDER_ORIGIN}/.well-known/openid-configuration`,
            reuseExistingServer: reuse,
            timeout: 30_000,
            stdout: 'ignore' as const,
            stderr: 'pipe' as const,
          },
          kratos('kratos.real.yml', 4533),
          kratos('kratos.real.short-lived.yml', 4535),
          app('localhost', 3200, 4533),
          app('localhost', 3202, 4535),
        ]
      : []),
    emulator('kratos.yml', 4433),
    emulator('kratos.short-lived.yml', 4435),
    app('127.0.0.1', 3000, 4433),
    app('127.0.0.1', 3002, 4435),
  ],
});
