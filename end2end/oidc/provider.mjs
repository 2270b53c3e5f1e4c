// A real OpenID Connect provider on localhost for the suite's social sign-in tests: panva's
// oidc-provider (an OpenID-certified implementation, from npm), with its development sign-in screen
// (any login name and password are accepted; the login name becomes the subject and the email).
// Kratos's generic provider `test` (kratos.real*.yml) uses it; nothing here is fit for production.
//
// Usage: node end2end/oidc/provider.mjs   (OIDC_PORT, default 4600)

import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT ?? 4600);
const issuer = `http://localhost:${port}`;
// The callback of each real Kratos of the suite (main and short-lived pair).
const kratosPorts = [4533, 4535];

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'kratos-ui-tests',
      client_secret: 'not-a-secret-only-for-tests',
      redirect_uris: kratosPorts.map((p) => `http://localhost:${p}/self-service/methods/oidc/callback/test`),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  // Kratos v1.3.1 sends no PKCE challenge.
  pkce: { required: () => false },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  // The email claim in the ID token too (Kratos's generic provider maps the ID token's claims), so
  // that signing up with the provider gives the new identity its address.
  conformIdTokenClaims: false,
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, email: id, email_verified: true }),
  }),
  cookies: { keys: ['only-for-tests'] },
  features: { devInteractions: { enabled: true } },
  // Kratos asks again after a sign-out: no long-lived provider session is wanted in tests.
  ttl: { Session: 60 },
});
// Plain http on localhost: tell the library not to insist on https behind a proxy.
provider.proxy = true;

provider.listen(port, '127.0.0.1', () => {
  console.log(`test OpenID provider at ${issuer}`);
});
