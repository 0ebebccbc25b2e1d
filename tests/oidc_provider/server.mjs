// A real OpenID provider for Accord's sign-in tests: panva's oidc-provider (OpenID Certified), on loopback.
//
// `node server.mjs CONFIG.json` listens on a free port of 127.0.0.1, then prints one line of JSON,
// {"issuer": "http://127.0.0.1:PORT"}, and serves until it is stopped. CONFIG names the clients (client_id,
// client_secret, redirect_uris) and the accounts: each key is a login typed in the provider's own form (any
// password), each value the claims of that person (email, email_verified, name, groups …). The login and consent
// pages are the library's development interactions; consent is given at once (first-party clients), so a browser
// signs in with one form. tests/oidc_provider.py starts it; nothing here is Accord's code.
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: config.clients.map((client) => ({
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...client,
    })),
    cookies: { keys: ['accord-tests-only-cookie-key'] },
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'groups', 'accord_admin'],
    },
    async findAccount(ctx, id) {
      const claims = config.accounts[id];
      if (!claims) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
    // First-party clients: the grant is made at once, no consent page.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.params.scope);
      await grant.save();
      return grant;
    },
    renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = out;
    },
  });
  provider.on('server_error', (ctx, error) => console.error('server_error', error));
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
