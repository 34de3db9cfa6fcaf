// The app's configuration, read from the query of its page URL. The
// browser driver (runner/browser) opens the page as
//
//   index.html?api=http://127.0.0.1:40123&style=cookie&variant=M1&refreshTimeout=600&logoutTimeout=600
//
// api is required. Everything else has a default: the reference contract of
// the fake auth server (fakeauth.DefaultContract), the reference variant,
// and the timeouts of the Go reference clients.

// The contract's defaults; each can be overridden by a query parameter of
// the same name (loginPath=/auth/signin).
const contract = {
  loginPath: '/auth/login',
  refreshPath: '/auth/refresh',
  logoutPath: '/auth/logout',
  usernameField: 'username',
  passwordField: 'password',
  accessField: 'access_token',
  refreshField: 'refresh_token',
};

const defaultRefreshTimeout = 10000; // ms, when the page names none
const defaultLogoutTimeout = 5000;

// readConfig returns the configuration of the page at location; it throws an
// Error naming the parameter that is missing or wrong.
export function readConfig(location) {
  const q = new URL(location.href).searchParams;
  const raw = q.get('api');
  if (!raw) {
    throw new Error('the page URL has no api parameter (the fake auth server base URL, e.g. ?api=http://127.0.0.1:40123)');
  }
  let api;
  try {
    api = new URL(raw);
  } catch {
    throw new Error(`api ${JSON.stringify(raw)} is not an absolute URL`);
  }
  if (api.protocol !== 'http:' && api.protocol !== 'https:') {
    throw new Error(`api ${JSON.stringify(raw)} must be an http or https URL`);
  }
  const style = q.get('style') || 'cookie';
  if (style !== 'cookie' && style !== 'bearer') {
    throw new Error(`style ${JSON.stringify(style)} is unknown (want cookie or bearer)`);
  }
  const cfg = {
    // The base URL without a trailing slash, so paths like /auth/login join.
    api: api.href.replace(/\/+$/, ''),
    apiOrigin: api.origin,
    style,
    variant: q.get('variant') || 'reference',
    refreshTimeout: millis(q, 'refreshTimeout', defaultRefreshTimeout),
    logoutTimeout: millis(q, 'logoutTimeout', defaultLogoutTimeout),
  };
  for (const [name, def] of Object.entries(contract)) {
    cfg[name] = q.get(name) || def;
  }
  return cfg;
}

function millis(q, name, def) {
  const v = q.get(name);
  if (v === null || v === '') {
    return def;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) {
    throw new Error(`${name} ${JSON.stringify(v)} must be a positive whole number of milliseconds`);
  }
  return n;
}
