// A real OpenID provider on loopback for the single sign-on tests: panva's certified
// oidc-provider with its own development sign-in and consent pages. The test fixture starts it:
//   node provider.js <port> <config.json>
// config.json: {"issuer": ..., "client": {client_id, client_secret, redirect_uris},
//               "accounts": {"<login>": {claims of that account, sub included}}}
// It prints "ready" on a line of its own once it listens.
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const [port, configPath] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));

const provider = new Provider(config.issuer, {
  clients: [{
    ...config.client,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  // Entra ID puts the app roles in the ID token itself: so does this provider.
  claims: {
    openid: ['sub', 'roles', 'groups'],
    email: ['email'],
    profile: ['name', 'preferred_username'],
  },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  async findAccount(ctx, accountId) {
    const claims = config.accounts[accountId];
    if (!claims) return undefined;
    return { accountId, claims: async () => claims };
  },
  // Fresh random signing keys each run: nothing secret is committed.
});
provider.proxy = false;

provider.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write('ready\n');
});
