// The API client: a ky instance that presents the access token and renews
// it when the API answers 401.
//
//  - One refresh at a time: a request answered 401 while a refresh is in
//    flight waits for that refresh instead of starting its own.
//  - After a successful refresh each waiting request is sent again, once,
//    with the new token; a 401 on that second try is final.
//  - A 401 for a request sent before the last refresh finished is about the
//    old token: the request is sent again without another refresh, or fails
//    with that refresh's error if it failed.
//  - A 400/401/403 on the refresh means the session is over: the waiting
//    requests fail, the user is signed out once, and requests made after
//    that fail at once, unsent, until the next sign-in.
//  - Network errors and 5xx on the refresh are retried twice; an attempt
//    that takes more than 2 s is abandoned (see ./auth.js). Then the waiting
//    requests fail but the user stays signed in; a later request tries
//    again.
import ky, { HTTPError } from 'ky';
import { API_URL } from '@/config';
import { useAuthStore } from '@/stores/auth';
import * as authApi from './auth';

// SessionExpiredError: the user is not signed in (any more); only signing
// in again helps.
export class SessionExpiredError extends Error {
  constructor() {
    super('Your session has expired. Please sign in again.');
    this.name = 'SessionExpiredError';
  }
}

// RefreshError: the session could not be renewed right now (server down,
// network error, timeout); it may work on the next try.
export class RefreshError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'RefreshError';
  }
}

let refreshing = null; // the refresh in flight, shared by every request that waits on it
let rounds = 0; // refreshes finished so far, successful or not
let lastError = null; // how the last one ended (null: it succeeded)

export const api = ky.create({
  prefixUrl: `${API_URL}/v1`,
  retry: {
    limit: 2,
    // Auth failures are not worth retrying: they only end with a new
    // sign-in or a refresh, which the hooks below take care of.
    shouldRetry: ({ error }) =>
      error instanceof SessionExpiredError || error instanceof RefreshError ? false : undefined,
  },
  hooks: {
    beforeRequest: [
      (request, options) => {
        const auth = useAuthStore();
        if (!auth.isAuthenticated) {
          throw new SessionExpiredError();
        }
        options.context.sentAfterRound = rounds;
        request.headers.set('Authorization', `Bearer ${auth.accessToken}`);
      },
    ],
    afterResponse: [
      async (request, options, response) => {
        if (response.status !== 401 || options.context.isReplay) {
          return;
        }
        if (rounds === options.context.sentAfterRound) {
          // Nothing was renewed since this request left: renew now, or
          // wait for the renewal in flight. Throws if it fails.
          await refreshTokens();
        } else if (lastError) {
          throw lastError;
        }
        // Once more with the current token; whatever it answers is final.
        return api(request, { context: { isReplay: true }, retry: 0, throwHttpErrors: false });
      },
    ],
  },
});

function refreshTokens() {
  refreshing ??= renew().finally(() => {
    rounds++;
    refreshing = null;
  });
  return refreshing;
}

async function renew() {
  const auth = useAuthStore();
  const presented = auth.refreshToken;
  if (!presented) {
    lastError = new SessionExpiredError();
    throw lastError;
  }
  try {
    const tokens = await authApi.refresh(presented);
    if (auth.refreshToken !== presented) {
      // Signed out or in again meanwhile: these tokens belong to nobody.
      throw new SessionExpiredError();
    }
    auth.setTokens(tokens);
    lastError = null;
  } catch (error) {
    if (error instanceof SessionExpiredError) {
      lastError = error;
    } else if (error instanceof HTTPError && [400, 401, 403].includes(error.response.status)) {
      lastError = new SessionExpiredError();
      if (auth.refreshToken === presented) {
        auth.logout('expired');
      }
    } else {
      lastError = new RefreshError('Could not renew the session, please try again.', { cause: error });
    }
    throw lastError;
  }
}
