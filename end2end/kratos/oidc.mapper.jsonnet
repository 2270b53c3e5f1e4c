// Claims of the suite's test OpenID provider (end2end/oidc/provider.mjs) to identity traits, for
// an identity created by signing in with it.
local claims = std.extVar('claims');
{
  identity: {
    traits: {
      email: claims.email,
    },
  },
}
