import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** A person at the identity provider: what it says about them, and how they signed in there. */
export interface ProviderAccount {
  email: string;
  emailVerified: boolean;
  name?: string;
  /** The provider's `amr` claim for their sign-ins (RFC 8176): ["pwd"], ["pwd", "otp"] … */
  amr?: string[];
}

export interface TestProvider {
  issuer: string;
  /** The client the Hub is registered as, and another partnership's, both returning to the Hub. */
  hub: { clientId: string; clientSecret: string };
  other: { clientId: string; clientSecret: string };
  /** People who can sign in, by the login typed on the provider's page. */
  accounts: Map<string, ProviderAccount>;
  /** When set, the Hub's token request is answered as if the other client had made it. */
  answerTokenRequestsAs: 'other' | null;
  /** Follows the provider's pages as a browser would and returns the address it sends back to the Hub. */
  signInAt(authorisationUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

const page = (
  body: string,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main><h1>Test identity provider</h1>${body}</main></body></html>`;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A real, certified OpenID provider (oidc-provider) on a free loopback port, with its own sign-in
 * page (a login field, no password), the Hub registered as a confidential client using PKCE, and
 * consent taken as given.
 */
export async function startTestProvider(redirectUri: string): Promise<TestProvider> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, ProviderAccount>();
  const client = (clientId: string) => ({
    client_id: clientId,
    client_secret: `${clientId}-secret-${Math.random().toString(36).slice(2)}`,
    redirect_uris: [redirectUri],
    token_endpoint_auth_method: 'client_secret_post' as const,
  });
  const clients = [client('partnership-hub'), client('another-partnership')];
  const configuration: Configuration = {
    clients,
    claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['test provider cookie key'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    // Stated, so the provider does not warn about its defaults at every test.
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(`<p>${String(out.error)}: ${String(out.error_description ?? '')}</p>`);
    },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, email: account.email, email_verified: account.emailVerified, name: account.name }),
      };
    },
    // Consent is not what is tested: every grant the Hub asks for is given.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  const handle = provider.callback();
  const test: TestProvider = {
    issuer,
    hub: { clientId: clients[0]!.client_id, clientSecret: clients[0]!.client_secret },
    other: { clientId: clients[1]!.client_id, clientSecret: clients[1]!.client_secret },
    accounts,
    answerTokenRequestsAs: null,
    signInAt: (url, login) => walk(url, login, redirectUri),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const path = new URL(request.url ?? '/', issuer).pathname;
      const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(path);
      if (interaction)
        return interactionPage(provider, request, response, accounts, {
          uid: interaction[1]!,
          submitted: Boolean(interaction[2]),
        });
      if (path === '/token' && request.method === 'POST' && test.answerTokenRequestsAs) {
        // Read here, so the provider takes the rewritten body instead of the stream.
        const form = new URLSearchParams(await readBody(request));
        form.set('client_id', test.other.clientId);
        form.set('client_secret', test.other.clientSecret);
        (request as IncomingMessage & { body?: string }).body = form.toString();
      }
      return handle(request, response);
    })();
  });
  return test;
}

/** The provider's sign-in page: a login (the person's email at the provider) and nothing else. */
async function interactionPage(
  provider: Provider,
  request: IncomingMessage,
  response: ServerResponse,
  accounts: Map<string, ProviderAccount>,
  interaction: { uid: string; submitted: boolean },
) {
  const { uid, submitted } = interaction;
  try {
    const details = await provider.interactionDetails(request, response);
    if (details.uid !== uid) throw new Error('interaction not found');
    if (!submitted) {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      return response.end(
        page(`<form method="post" action="/interaction/${uid}/login">
<label for="login">Email address</label> <input id="login" name="login" type="email" autocomplete="username">
<button type="submit">Sign in</button></form>`),
      );
    }
    const login = new URLSearchParams(await readBody(request)).get('login') ?? '';
    const accountId = login.trim().toLowerCase();
    const result = { login: { accountId, amr: accounts.get(accountId)?.amr } };
    await provider.interactionFinished(request, response, result, { mergeWithLastSubmission: false });
  } catch (error) {
    response.statusCode = 400;
    response.end(page(`<p>${String(error)}</p>`));
  }
}

/** A browser without JavaScript at the provider: follows redirects, keeps cookies, fills the login form. */
async function walk(start: string, login: string, redirectUri: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = new URL(start);
  let body: string | undefined;
  for (let step = 0; step < 10; step += 1) {
    const response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      cookies.set(name!, value.join('='));
    }
    const location = response.headers.get('location');
    body = undefined;
    if (location) {
      url = new URL(location, url);
      if (url.href.startsWith(redirectUri)) return url;
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`the provider stopped at ${url.pathname} (${response.status}): ${html.slice(0, 300)}`);
    url = new URL(action, url);
    body = new URLSearchParams({ login }).toString();
  }
  throw new Error('the provider never sent the browser back');
}
