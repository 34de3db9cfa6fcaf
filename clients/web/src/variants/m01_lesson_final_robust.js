// M1 — the refresh sent through the intercepted client: the lesson's
// "final, robust" interceptor, as written.
// Breaks: RJ-1, LO-1, LO-2, SF-2 (its design flaw: the deadlock), and, being
// the lesson's code rather than the reference with one change, also SF-1,
// SF-3, RR-1, NL-2, TO-1, TR-2, RS-1 (see ../../variants.go).
//
// The refresh is posted with `api`, the very instance this interceptor
// intercepts. While the refresh succeeds nothing shows. When it answers 401
// (expired, revoked), that 401 comes back through this same interceptor: the
// refresh request has no _retry flag and isRefreshing is true, so it is
// pushed on failedQueue to wait for the refresh in flight, that is, for
// itself. Nothing ever settles: every waiter hangs (RJ-1), logout never
// runs (LO-1, LO-2), and isRefreshing, a module variable, stays true for
// good, so later requests and the next session queue behind it too.
//
// The rest is the lesson as written, flaws included: no credential-
// generation check (a late 401 refreshes again: SF-1, SF-3), no retry of
// transient failures (a 503 logs out: TR-2), no timeout (TO-1), no terminal
// state (after a 403 logout later requests refresh again: RR-1, NL-2), and
// the logout only local. In the browser the deadlocked app stays on its
// dashboard, so the next login cannot even start (RS-1). The only
// additions are for bearer style, which the lesson (cookies) does not cover:
// the refresh token is posted in the body and the new tokens are kept (the
// lines marked "bearer"). The request side (credentials attached to the API
// origin only) is the reference's, without its fail-fast.
import { useAuthStore } from '../store.js';
import { Reference } from '../auth/reference.js';

// ---- the lesson's code ----

let isRefreshing = false;
let failedQueue = [];

const processQueue = (error, token = null) => {
  failedQueue.forEach((prom) => {
    if (error) {
      prom.reject(error);
    } else {
      prom.resolve(token);
    }
  });
  failedQueue = [];
};

function installFinalRobustInterceptor(api, bearer) {
  api.interceptors.response.use(
    (response) => response,
    async (error) => {
      const originalRequest = error.config;

      if (error.response?.status === 401 && !originalRequest._retry) {
        if (isRefreshing) {
          return new Promise((resolve, reject) => {
            failedQueue.push({ resolve, reject });
          })
            .then(() => api(originalRequest))
            .catch((err) => Promise.reject(err));
        }

        originalRequest._retry = true;
        isRefreshing = true;

        try {
          const { data } = await api.post('/auth/refresh', bearer.refreshBody()); // bearer: the body
          bearer.keep(data); // bearer
          processQueue(null);
          return api(originalRequest);
        } catch (refreshError) {
          processQueue(refreshError, null);
          useAuthStore.getState().logout();
          return Promise.reject(refreshError);
        } finally {
          isRefreshing = false;
        }
      }

      return Promise.reject(error);
    },
  );
}

// ---- wiring it into the app ----

export class M1 extends Reference {
  installResponseInterceptor() {
    installFinalRobustInterceptor(this.api, {
      refreshBody: () => (this.cookieStyle ? undefined : { [this.config.refreshField]: this.tokens().refresh }),
      keep: (data) => this.keepGrant(data),
    });
  }

  // The lesson has no terminal state: nothing is ever failed fast.
  failsFast() {
    return false;
  }
}
