import { defineConfig } from '@playwright/test';

// The suite runs against the release build (`cargo leptos build --release` and
// `cargo build --release -p kratos-emulator`, both done by scripts/test) and the Kratos emulator.
// Two app/emulator pairs are started: the normal one (app :3000, Kratos :4433/:4434) and a
// short-lived one (app :3002, Kratos :4435/:4436) whose privileged sessions and settings flows
// last 5 s. Every test runs twice: with JavaScript and with `javaScriptEnabled: false`.
//
// Browsers: Debian's chromium (`npx playwright install` cannot reach its download host here).

const repoRoot = '..';
const reuse = !process.env.CI;

const app = (port: number, kratosPort: number) => ({
  command: 'target/release/kratos-ui',
  cwd: repoRoot,
  url: `http://127.0.0.1:${port}/health/alive`,
  reuseExistingServer: reuse,
  timeout: 30_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  env: {
    KRATOS_PUBLIC_URL: `http://127.0.0.1:${kratosPort}`,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: 'target/site',
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

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  timeout: 60_000,
  globalTimeout: 9 * 60_000,
  expect: { timeout: 10_000 },
  outputDir: './test-results',
  use: {
    baseURL: 'http://127.0.0.1:3000',
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
    { name: 'js', use: { javaScriptEnabled: true } },
    { name: 'no-js', use: { javaScriptEnabled: false } },
  ],
  webServer: [
    emulator('kratos.yml', 4433),
    emulator('kratos.short-lived.yml', 4435),
    app(3000, 4433),
    app(3002, 4435),
  ],
});
