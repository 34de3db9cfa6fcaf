// The reference interceptor: the textbook axios refresh interceptor
// (isRefreshing, a queue of waiters released by processQueue, a _retry flag
// per request) done right. It passes every rule of docs/rules.md in both
// credential styles:
//
//   - single flight: one refresh at a time; a 401 that arrives while it is in
//     flight waits in the queue (SF-1, SF-2);
//   - a credential-generation check: a 401 for a request sent with an older
//     credential than the current one is replayed, not refreshed again (SF-3);
//   - each request is replayed at most once; a replay's 401 is an error
//     (RP-1, NL-1);
//   - refresh and logout are sent with a bare axios instance, never through
//     the interceptor (RR-1, LO-3);
//   - a terminal refresh failure (400, 401, 403) rejects every waiter, clears
//     the credentials, tells the server once in the background, shows the
//     logged-out view, and fails every later request fast until the next
//     login (RJ-1, RJ-2, LO-1, LO-2, LO-3, NL-2);
//   - a transient one (5xx, 408, 429, network error, timeout) never logs out:
//     an answer or a dropped connection is retried with a short backoff, at
//     most 3 attempts, each within the refresh timeout (a timeout is not
//     retried), then the queue is rejected (TR-1, TR-2, TO-1);
//   - a new login starts from scratch (RS-1);
//   - bearer tokens live in memory only (SEC-1), and credentials go to the
//     API's origin only (SEC-2).
//
// The mutants in ../variants are this class with one behaviour changed, by
// overriding a method (or two); the methods are cut where the known-bad
// patterns differ from it.
import axios from 'axios';
import { useAuthStore } from '../store.js';
import { GrantError, LoggedOutError, SessionChangedError } from './errors.js';

// MAX_ATTEMPTS bounds the refresh attempts of one round (TR-1).
export const MAX_ATTEMPTS = 3;
const BACKOFF = [50, 100]; // ms after the first and the second failed attempt
const LOGIN_TIMEOUT = 10000;

// backoff is the wait after the n-th failed refresh attempt.
export function backoff(n) {
  return BACKOFF[Math.min(n, BACKOFF.length) - 1];
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// newSession is the interceptor's state, what the textbook keeps in module
// variables. A login replaces it.
function newSession(epoch) {
  return {
    epoch, // which login this is
    round: 0, // refresh rounds ended in this session: the credential generation
    lastError: null, // how the latest round ended (null: success)
    refreshing: false, // isRefreshing
    queue: [], // failedQueue: {resolve, reject} of the requests waiting for the refresh
    terminal: false, // a terminal refresh failure ended the session
    refreshes: 0, // refresh rounds started (the mutants' safety bounds use it)
    logoutCalls: 0, // logout calls sent (M4's safety bound uses it)
  };
}

export class Reference {
  constructor(config) {
    this.config = config;
    this.s = newSession(0);
  }

  get cookieStyle() {
    return this.config.style === 'cookie';
  }

  // install makes the app's axios instance (api), with the interceptor, and
  // the bare instance the auth calls use (bare).
  install() {
    this.api = axios.create({ baseURL: this.config.api });
    this.bare = axios.create({ baseURL: this.config.api });
    this.api.interceptors.request.use((config) => this.onRequest(config));
    this.installResponseInterceptor();
  }

  installResponseInterceptor() {
    this.api.interceptors.response.use(
      (response) => response,
      (error) => this.onResponseError(error),
    );
  }

  // ---- the request side ----

  // onRequest stamps an API request with the credential generation it is
  // sent with and attaches the credentials; it fails a request fast once the
  // session is over. Requests to other origins get no credentials.
  onRequest(config) {
    if (!this.isApi(config)) {
      return this.foreign(config);
    }
    const s = this.s;
    if (s.terminal && this.failsFast(config)) {
      throw new LoggedOutError();
    }
    config._auth = { epoch: s.epoch, round: s.round };
    config.withCredentials = this.cookieStyle;
    const { access } = this.tokens();
    if (!this.cookieStyle && access) {
      config.headers.set('Authorization', `Bearer ${access}`);
    } else {
      config.headers.delete('Authorization');
    }
    return config;
  }

  // failsFast says whether a request is refused, unsent, in the terminal
  // state: every application request but a replay (which only a refresh
  // round releases) and the app's own auth calls.
  failsFast(config) {
    return !config._retry && !this.isAuthCall(config);
  }

  // foreign prepares a request to another origin: no credentials at all.
  foreign(config) {
    config.withCredentials = false;
    config.headers.delete('Authorization');
    return config;
  }

  isApi(config) {
    return this.urlOf(config).origin === this.config.apiOrigin;
  }

  isAuthCall(config) {
    const path = this.urlOf(config).pathname;
    const c = this.config;
    return [c.loginPath, c.refreshPath, c.logoutPath].some((p) => new URL(c.api + p).pathname === path);
  }

  urlOf(config) {
    return new URL(this.api.getUri(config), window.location.href);
  }

  // ---- the response side ----

  onResponseError(error) {
    const config = error?.config;
    if (!config?._auth || error.response?.status !== 401 || config._retry) {
      return Promise.reject(error);
    }
    return this.on401(error);
  }

  // on401 handles a 401 answered to an API request: replay it if the
  // credential changed since it was sent, wait for the refresh in flight, or
  // lead a refresh.
  async on401(error) {
    const config = error.config;
    const s = this.s;
    if (config._auth.epoch !== s.epoch) {
      throw new SessionChangedError();
    }
    if (this.isStale(config, s)) {
      // A refresh round ended since the request was sent: its 401 is about
      // an old credential. Replay it if that round succeeded.
      if (s.lastError) {
        throw s.lastError;
      }
      return this.replay(config);
    }
    if (this.joinsFlight(s)) {
      return this.wait(config, s);
    }
    return this.lead(config, s);
  }

  // isStale: the request was sent with an older credential than the current
  // one (the credential-generation check).
  isStale(config, s) {
    return config._auth.round < s.round;
  }

  // joinsFlight: a refresh is in flight, so the request waits for it.
  joinsFlight(s) {
    return s.refreshing;
  }

  async wait(config, s) {
    await this.enqueue(s); // rejects when the refresh fails
    return this.replay(config);
  }

  enqueue(s) {
    return new Promise((resolve, reject) => {
      s.queue.push({ resolve, reject });
    });
  }

  async lead(config, s) {
    s.refreshing = true;
    s.refreshes++;
    config._retry = true;
    await this.refresh(s);
    return this.replay(config);
  }

  replay(config) {
    config._retry = true;
    return this.api(config);
  }

  // ---- the refresh round ----

  // refresh runs one refresh round of session s: the attempts, then the
  // queue's release, then, on a terminal failure, the end of the session.
  async refresh(s) {
    let data;
    let error = null;
    try {
      data = await this.attempts(s);
    } catch (e) {
      error = e;
    }
    if (s !== this.s) {
      throw new SessionChangedError(); // a login started a new session meanwhile
    }
    if (!error) {
      try {
        this.keepGrant(data);
      } catch (e) {
        error = e;
      }
    }
    this.processQueue(s, error);
    if (error && this.isTerminal(error)) {
      this.endSession(error);
    }
    if (error) {
      throw error;
    }
  }

  // attempts calls the refresh endpoint, retrying transient failures with a
  // short backoff: at most MAX_ATTEMPTS.
  async attempts(s) {
    for (let n = 1; ; n++) {
      if (s !== this.s) {
        throw new SessionChangedError();
      }
      try {
        return await this.refreshOnce(s);
      } catch (error) {
        if (!this.retries(error) || n >= MAX_ATTEMPTS) {
          throw error;
        }
        await sleep(backoff(n));
      }
    }
  }

  // refreshOnce makes one refresh call with the bare instance, within the
  // refresh timeout, and returns the answer's body.
  async refreshOnce(s) {
    const body = this.cookieStyle ? undefined : { [this.config.refreshField]: this.tokens().refresh };
    const res = await this.bare.post(this.config.refreshPath, body, {
      timeout: this.refreshTimeout(),
      withCredentials: this.cookieStyle,
    });
    return res.data;
  }

  // refreshTimeout is the axios timeout of one refresh call.
  refreshTimeout() {
    return this.config.refreshTimeout;
  }

  // retries: the failure is transient and worth another attempt: an answer
  // 5xx, 408 or 429, or a dropped connection. A timeout is transient too but
  // not retried: the refresh already held the queue for the whole timeout.
  // Every error.response read is guarded: a network error or a timeout has
  // none.
  retries(error) {
    if (!axios.isAxiosError(error)) {
      return false;
    }
    const status = error.response?.status;
    if (status !== undefined) {
      return status >= 500 || status === 408 || status === 429;
    }
    return error.code === axios.AxiosError.ERR_NETWORK;
  }

  // isTerminal: the refresh credential is dead (400 invalid_grant, 401, 403
  // ...): only a new login helps. An error that is neither an HTTP answer
  // nor a network failure is a bug in the client; the session cannot be
  // trusted, so it ends too.
  isTerminal(error) {
    if (error instanceof GrantError) {
      return false;
    }
    if (!axios.isAxiosError(error)) {
      return true;
    }
    const status = error.response?.status;
    return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
  }

  // processQueue ends a refresh round: the generation moves on, isRefreshing
  // is cleared, and every waiter is released (replayed) or rejected.
  processQueue(s, error) {
    s.round++;
    s.lastError = error;
    s.refreshing = false;
    const queue = s.queue;
    s.queue = [];
    for (const w of queue) {
      if (error) {
        w.reject(error);
      } else {
        w.resolve();
      }
    }
  }

  // endSession logs out after a terminal refresh failure: terminal state,
  // credentials cleared, the logged-out view, and the server told in the
  // background (never awaited: the local logout does not depend on it).
  endSession(error) {
    const old = this.tokens();
    this.s.terminal = true;
    this.dropTokens();
    useAuthStore.getState().logout();
    this.sendLogout(old);
  }

  // sendLogout calls the logout endpoint, best effort, with the bare
  // instance and the logout timeout; its outcome changes nothing.
  sendLogout(old) {
    this.s.logoutCalls++;
    this.bare.post(this.config.logoutPath, this.logoutBody(old), this.logoutOptions(old)).catch(() => {});
  }

  logoutBody(old) {
    return !this.cookieStyle && old.refresh ? { [this.config.refreshField]: old.refresh } : undefined;
  }

  logoutOptions(old) {
    const headers = {};
    if (!this.cookieStyle && old.access) {
      headers.Authorization = `Bearer ${old.access}`;
    }
    return { timeout: this.config.logoutTimeout, withCredentials: this.cookieStyle, headers };
  }

  // ---- login and credentials ----

  // login logs in with the bare instance and starts a new session: queue,
  // flags, generation and terminal state all start afresh.
  async login(username, password) {
    const c = this.config;
    const res = await this.bare.post(
      c.loginPath,
      { [c.usernameField]: username, [c.passwordField]: password },
      { timeout: LOGIN_TIMEOUT, withCredentials: this.cookieStyle },
    );
    this.resetSession();
    this.dropTokens();
    this.keepGrant(res.data);
    useAuthStore.getState().signedIn(typeof res.data?.user === 'string' ? res.data.user : username);
  }

  resetSession() {
    const old = this.s;
    this.s = newSession(old.epoch + 1);
    for (const w of old.queue) {
      w.reject(new SessionChangedError());
    }
  }

  // keepGrant keeps the credentials of a login or refresh answer. In cookie
  // style the browser keeps the httpOnly cookies itself.
  keepGrant(data) {
    if (this.cookieStyle) {
      return;
    }
    const c = this.config;
    const access = data?.[c.accessField];
    if (typeof access !== 'string' || access === '') {
      throw new GrantError(`the answer has no ${c.accessField}`);
    }
    const refresh = data[c.refreshField];
    // Without rotation the answer may leave the refresh token out: keep it.
    this.keepTokens(access, typeof refresh === 'string' && refresh !== '' ? refresh : this.tokens().refresh);
  }

  // tokens, keepTokens and dropTokens are where bearer tokens live: the
  // store, in memory.
  tokens() {
    const st = useAuthStore.getState();
    return { access: st.accessToken, refresh: st.refreshToken };
  }

  keepTokens(access, refresh) {
    useAuthStore.getState().setTokens(access, refresh);
  }

  dropTokens() {
    useAuthStore.getState().setTokens(null, null);
  }

  // memoryCredentials lists the credentials held in memory, for the
  // instrumentation hook (web storage is read there).
  memoryCredentials() {
    const st = useAuthStore.getState();
    const out = [];
    if (st.accessToken) {
      out.push('access (memory)');
    }
    if (st.refreshToken) {
      out.push('refresh (memory)');
    }
    return out;
  }
}
