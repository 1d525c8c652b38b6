// A real OpenID provider for the tests (the certified `oidc-provider` package), on loopback.
//
//   node tests/oidc/provider.mjs PORT CONFIG_JSON
//
// CONFIG_JSON: {"clients": [...oidc-provider client metadata...],
//               "accounts": {"<id>": {claims...}}}
// Prints "ready" once it listens. The person at the provider is chosen by the test, not typed:
// GET /interaction/<uid> lists the accounts; /interaction/<uid>/as/<account id> signs that account in and grants what was asked for,
// as a person would by signing in and pressing Continue.
import Provider from "oidc-provider";

const [port, configJson] = process.argv.slice(2);
const config = JSON.parse(configJson);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: config.clients,
  async findAccount(ctx, id) {
    const claims = config.accounts[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified", "xms_edov"],
    profile: ["name", "given_name", "family_name", "roles", "groups"],
  },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  ttl: { IdToken: 3600, AccessToken: 3600, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
  cookies: { keys: ["test-only-cookie-key"] },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
});

// The provider's own page, for a browser: one link per account, as a sign-in page would offer.
provider.use(async (ctx, next) => {
  const page = ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (!page) return next();
  const links = Object.keys(config.accounts)
    .map((id) => `<li><a href="/interaction/${page[1]}/as/${id}">Continue as ${id}</a></li>`)
    .join("");
  ctx.type = "html";
  ctx.body = `<!doctype html><html lang="en"><title>Council sign-in</title><h1>Council sign-in</h1><ul>${links}</ul></html>`;
});

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)\/as\/([^/]+)$/);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const accountId = decodeURIComponent(match[2]);
  let result;
  if (details.prompt.name === "login") {
    result = { login: { accountId } };
  } else {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(" "));
    if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
    result = { consent: { grantId: await grant.save() } };
  }
  await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
});

provider.listen(Number(port), "127.0.0.1", () => {
  console.log("ready");
});
