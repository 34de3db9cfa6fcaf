// The app's HTTP layer: a thin wrapper around fetch for the /api routes.
//
// The session lives in two httpOnly cookies set by the server; the access
// cookie is short-lived. When a request is answered 401, the wrapper renews
// the session once (POST /api/auth/refresh) and sends the request again:
//
//  - one refresh at a time: every request that gets a 401 while a refresh is
//    in flight waits for that refresh instead of starting its own;
//  - each request is sent again at most once, and only after a refresh that
//    succeeded; a 401 on the second try is returned to the caller as is;
//  - a 401 for a request sent before the last refresh finished is about the
//    old cookie: it is sent again without another refresh (or fails with the
//    refresh's error when that refresh failed);
//  - a 400/401/403 on the refresh means the session is gone: the waiting
//    requests fail, the session-expired listeners run once, and every later
//    request fails right away until the next login;
//  - a network error or a 5xx on the refresh is retried twice with a short
//    backoff; a refresh that takes longer than REFRESH_TIMEOUT is aborted and
//    not retried. Either way the waiting requests fail and the user stays
//    signed in: the next request tries again.
import { refreshSession } from './auth.js';

const MAX_REFRESH_ATTEMPTS = 3;
const RETRY_DELAYS = [100, 250]; // ms before the second and the third attempt

export class ApiError extends Error {
  constructor(response) {
    super(`${response.status} ${response.statusText || 'error'} (${new URL(response.url).pathname})`);
    this.name = 'ApiError';
    this.status = response.status;
  }
}

// SessionExpiredError: the session cannot be renewed; only a new login helps.
export class SessionExpiredError extends Error {
  constructor() {
    super('Your session has expired. Please sign in again.');
    this.name = 'SessionExpiredError';
  }
}

// RefreshError: the session could not be renewed this time (server
// unavailable, network down, timeout); it may work later.
export class RefreshError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'RefreshError';
  }
}

function newSession() {
  return {
    refreshing: null, // the refresh in flight, shared by every request that waits for it
    rounds: 0, // refreshes finished in this session, successful or not
    lastError: null, // how the last refresh ended (null: it succeeded)
    expired: false, // the session is over: fail fast until the next login
  };
}

let session = newSession();
const expiredListeners = new Set();

// onSessionExpired registers fn to run once when a refresh is refused; it
// returns the function that unregisters it.
export function onSessionExpired(fn) {
  expiredListeners.add(fn);
  return () => expiredListeners.delete(fn);
}

// resetSession forgets everything about the previous session: call it after
// a login and after a logout.
export function resetSession() {
  session = newSession();
}

// endSession makes every later request fail fast (after a logout).
export function endSession() {
  session.expired = true;
}

// apiFetch is fetch for the app's own API: relative URLs, session cookies,
// and the refresh described above. It resolves with the Response, whatever
// its status, like fetch; see getJSON for the usual case.
export async function apiFetch(path, init = {}) {
  const s = session;
  if (s.expired) {
    throw new SessionExpiredError();
  }
  const sentAfter = s.rounds;
  const response = await send(path, init);
  if (response.status !== 401) {
    return response;
  }
  if (s !== session || s.expired) {
    throw new SessionExpiredError();
  }
  if (s.rounds === sentAfter) {
    // No refresh finished since the request was sent: start one, or wait
    // for the one in flight. Throws when it fails.
    await refresh(s);
  } else if (s.lastError) {
    // A refresh finished meanwhile and failed: no point in sending again.
    throw s.lastError;
  }
  return send(path, init);
}

// getJSON GETs an API route and parses its JSON body; any status but 2xx
// is an ApiError.
export async function getJSON(path, init) {
  const response = await apiFetch(path, init);
  if (!response.ok) {
    throw new ApiError(response);
  }
  return response.json();
}

function send(path, init) {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  return fetch(path, { ...init, headers, credentials: 'same-origin' });
}

function refresh(s) {
  if (!s.refreshing) {
    s.refreshing = refreshWithRetry()
      .then(
        () => {
          s.lastError = null;
        },
        (error) => {
          s.lastError = error;
          if (error instanceof SessionExpiredError && !s.expired) {
            s.expired = true;
            // Unless the user signed out or in again meanwhile.
            if (s === session) {
              for (const fn of expiredListeners) {
                fn(error);
              }
            }
          }
          throw error;
        },
      )
      .finally(() => {
        s.rounds++;
        s.refreshing = null;
      });
  }
  return s.refreshing;
}

async function refreshWithRetry() {
  for (let attempt = 1; ; attempt++) {
    let response;
    try {
      response = await refreshSession();
    } catch (error) {
      if (error.name === 'TimeoutError') {
        throw new RefreshError('The server took too long to renew the session.', { cause: error });
      }
      if (attempt < MAX_REFRESH_ATTEMPTS) {
        await sleep(RETRY_DELAYS[attempt - 1]);
        continue;
      }
      throw new RefreshError('Could not reach the server to renew the session.', { cause: error });
    }
    if (response.ok) {
      return;
    }
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      throw new SessionExpiredError();
    }
    if (response.status >= 500 && attempt < MAX_REFRESH_ATTEMPTS) {
      await sleep(RETRY_DELAYS[attempt - 1]);
      continue;
    }
    throw new RefreshError(`The server could not renew the session (${response.status}).`);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
