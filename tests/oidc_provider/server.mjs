// A real OpenID Connect provider (the npm package oidc-provider) on 127.0.0.1 for POP's tests.
//
// Reads its configuration as JSON on stdin:
//   {"clients": [{client_id, client_secret, redirect_uris, post_logout_redirect_uris,
//                 id_token_signed_response_alg?}],
//    "accounts": {"<sub>": {"email": …, "name": …, "employee_number": …}},
//    "clockBehindClients": ["<client_id>"],   // their tokens are issued two hours in the past
//    "unpublishedKeyClients": ["<client_id>"]} // signed with a key the JWKS does not show
// listens on a free port and prints "issuer http://127.0.0.1:<port>" when it is ready.
// Log-in is the development interaction of oidc-provider: any password, the login is the sub.

import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";

import Provider from "oidc-provider";

const HOURS_BEHIND = 2;

function readStdin() {
  return new Promise((resolve, reject) => {
    let text = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk) => { text += chunk; });
    process.stdin.on("end", () => resolve(text));
    process.stdin.on("error", reject);
  });
}

function signingKey(kid, alg) {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid, alg, use: "sig" };
}

function publicPart(jwk) {
  const { kid, alg, use, kty, n, e } = jwk;
  return { kid, alg, use, kty, n, e };
}

function basicClientId(ctx) {
  const [scheme, encoded] = (ctx.get("authorization") || "").split(" ");
  if (scheme !== "Basic" || !encoded) return undefined;
  return decodeURIComponent(Buffer.from(encoded, "base64").toString().split(":")[0]);
}

const config = JSON.parse(await readStdin());
const accounts = config.accounts || {};
const clockBehind = new Set(config.clockBehindClients || []);

// RS256 signs for everyone; PS256 signs for the clients that must see a signature fail, and
// the JWKS shows another key under the PS256 key's kid.
const honestKey = signingKey("honest", "RS256");
const hiddenKey = signingKey("rotated", "PS256");
const decoyKey = publicPart(signingKey("rotated", "PS256"));

const server = createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: (config.clients || []).map((client) => ({
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
    id_token_signed_response_alg: (config.unpublishedKeyClients || []).includes(client.client_id)
      ? "PS256"
      : "RS256",
    ...client,
  })),
  jwks: { keys: [honestKey, hiddenKey] },
  cookies: { keys: ["pop-test-provider-cookie-key"] },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name"],
    employee: ["employee_number"],
  },
  scopes: ["openid", "email", "profile", "employee"],
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  async findAccount(ctx, sub) {
    if (!accounts[sub]) return undefined;
    return { accountId: sub, async claims() { return { sub, ...accounts[sub] }; } };
  },
  async renderError(ctx, out) {
    ctx.type = "html";
    ctx.body = `<!doctype html><title>Error</title><h1>${out.error}</h1><p>${out.error_description || ""}</p>`;
  },
});

// A provider whose clock runs behind, for some clients only: its id_tokens arrive expired.
provider.use(async (ctx, next) => {
  if (ctx.path !== "/token" || !clockBehind.has(basicClientId(ctx))) return next();
  const realNow = Date.now;
  Date.now = () => realNow() - HOURS_BEHIND * 3600 * 1000;
  try {
    await next();
  } finally {
    Date.now = realNow;
  }
});

// The key set as published: the PS256 key's kid points at a key that did not sign anything.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === "/jwks" && ctx.body && Array.isArray(ctx.body.keys)) {
    ctx.body = { keys: ctx.body.keys.map((key) => (key.kid === decoyKey.kid ? decoyKey : key)) };
  }
});

server.on("request", provider.callback());
process.stdout.write(`issuer ${issuer}\n`);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
