// The instrumentation hook the browser driver (runner/browser) drives the
// app through: window.__authconform. README.md describes the contract.
import { useAuthStore } from './store.js';

// installHook sets window.__authconform once the app is ready.
export function installHook(win, client, config, variant) {
  const hook = {
    ready: true,
    variant,
    style: config.style,
    // calls records how each request of request() settled, by its id.
    calls: {},
    // request issues one request through the app's axios instance: path is
    // relative to the api, or an absolute URL of another origin. When it
    // settles, the result is recorded in calls[id] and passed, as JSON, to
    // window.__authconformDone when the driver has installed it.
    request(id, path, method = 'GET') {
      const key = String(id);
      const settle = (result) => {
        hook.calls[key] = result;
        const done = win.__authconformDone;
        if (typeof done === 'function') {
          try {
            done(JSON.stringify(result));
          } catch {
            // The binding is the driver's business; the record stays.
          }
        }
      };
      client.api.request({ url: String(path), method }).then(
        (res) => settle({ id: key, outcome: 'ok', status: res.status, error: '' }),
        (err) =>
          settle({
            id: key,
            outcome: 'error',
            status: err?.response?.status ?? 0,
            error: String(err?.message ?? err),
          }),
      );
    },
    // state reports the app's auth state from its own store and web storage
    // (httpOnly cookies are invisible to it: the driver reads those).
    state() {
      const st = useAuthStore.getState();
      return {
        loggedOut: !st.loggedIn,
        credentials: [...client.memoryCredentials(), ...storageCredentials(win)],
        logouts: st.logouts,
        view: st.view,
      };
    },
  };
  win.__authconform = hook;
}

// installFailure tells the driver why the app could not start.
export function installFailure(win, error) {
  win.__authconform = { ready: false, error: String(error?.message ?? error) };
}

// storageCredentials lists the credentials kept in web storage, named by
// their key: a key that names a refresh token is a refresh credential, one
// that names a token or access an access credential. Other keys (a cached
// profile) are not credentials.
export function storageCredentials(win) {
  const out = [];
  for (const area of ['localStorage', 'sessionStorage']) {
    let store;
    try {
      store = win[area];
    } catch {
      continue; // storage disabled
    }
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (!store.getItem(key)) {
        continue;
      }
      if (/refresh/i.test(key)) {
        out.push(`refresh (${area}: ${key})`);
      } else if (/token|access|auth|jwt|session/i.test(key)) {
        out.push(`access (${area}: ${key})`);
      }
    }
  }
  return out;
}
