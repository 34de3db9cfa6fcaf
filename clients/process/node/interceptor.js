'use strict';
// The axios "textbook" refresh interceptor, done right: isRefreshing, a
// failedQueue of waiters released by processQueue, and a per-request _retry
// flag, as every tutorial writes it, plus what the tutorials leave out:
//
//   - the refresh and logout calls go through a raw instance, never through
//     the intercepted one (else the refresh's own 401 queues behind itself);
//   - a credential generation on every request: a 401 to a request sent
//     before the last refresh ended is replayed (or failed) without
//     refreshing again;
//   - the queue is released on failure too, and waiters are rejected, not
//     replayed;
//   - a terminal refresh failure (400/401/403) logs out once: credentials
//     cleared, the server told in the background, later requests fail fast;
//   - transient failures (5xx, 408, 429, network, timeout) are retried at
//     most 3 times with a short backoff;
//   - the refresh and logout calls have their own timeouts;
//   - credentials go to the API's origin only.
//
// It mirrors the Go control group, clients/go/mutants (Textbook), so that
// one flaw added to both fails the same rules. createClient's option
// refreshViaInterceptor adds M1's flaw, the lesson's
// `await api.post('/auth/refresh')`.

const axios = require('axios');
const { Jar } = require('./jar');

const MAX_ATTEMPTS = 3; // refresh attempts on transient failures
const BACKOFF_MS = [20, 40]; // after the first failed attempt, then after each later one

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const loggedOut = () => new Error('logged out; log in again');
const sessionReset = () => new Error('the session changed while the request was in flight');

function freshCreds() {
  return { access: '', refresh: '', jar: new Jar() };
}

// A session's interceptor state, reset by login: what the tutorial keeps in
// module variables.
function newSession(epoch) {
  return {
    epoch, // which login this is
    round: 0, // refresh rounds ended in this session: the credential generation
    lastErr: null, // how the last round ended (null: success)
    isRefreshing: false,
    failedQueue: [],
    loggedIn: false,
    terminal: false, // a terminal refresh failure logged the user out
  };
}

// createClient makes a client for the server and contract of the harness's
// hello. emit(event) announces a logout.
function createClient(hello, { emit = () => {}, refreshViaInterceptor = false } = {}) {
  const c = hello.contract;
  const base = new URL(hello.server);
  const bearer = hello.style === 'bearer';
  const refreshTimeout = hello.refresh_timeout_ms || 10000;
  const logoutTimeout = hello.logout_timeout_ms || 5000;
  const at = (path) => new URL(path, base).href;

  let creds = freshCreds();
  let st = newSession(0);
  let logouts = 0;
  let closed = false;

  // api is the application's instance, with the response interceptor; raw
  // sends login, refresh and logout. proxy: false, so HTTP_PROXY never
  // reroutes the loopback server.
  const api = axios.create({ proxy: false });
  const raw = axios.create({ proxy: false });
  api.interceptors.request.use(prepare);
  raw.interceptors.request.use(prepare);
  api.interceptors.response.use((res) => res, onError);

  // prepare stamps a request with the credential generation it is sent
  // with and attaches the credentials its kind carries.
  function prepare(config) {
    const cr = config.creds || creds;
    config._stamp = { epoch: st.epoch, round: st.round };
    config.headers.delete('Authorization');
    config.headers.delete('Cookie');
    const url = new URL(config.url, base);
    if (config.kind === 'api' || config.kind === 'logout') present(config, cr, url, true);
    if (config.kind === 'refresh') present(config, cr, url, false); // bearer: the token is in the body
    return config; // login and foreign requests carry nothing
  }

  function present(config, cr, url, header) {
    if (bearer) {
      if (header && cr.access) config.headers.set('Authorization', `Bearer ${cr.access}`);
      return;
    }
    const cookie = cr.jar.header(url.pathname);
    if (cookie) config.headers.set('Cookie', cookie);
  }

  // onError is the response interceptor's error handler:
  //   if (error.response?.status === 401 && !originalRequest._retry) { ... }
  async function onError(error) {
    const original = error.config;
    const status = error.response && error.response.status; // guarded: a network error has no response
    if (!original || status !== 401 || original._retry || original.kind === 'foreign' || original.kind === 'login') {
      throw error;
    }
    const stamp = original._stamp;
    if (stamp.epoch !== st.epoch) throw sessionReset();
    if (stamp.round < st.round) {
      // A refresh ended since the request was sent: the 401 is about an
      // old credential. Replay it if that refresh succeeded.
      if (st.lastErr) throw st.lastErr;
      original._retry = true;
      return api(original);
    }
    if (st.isRefreshing) {
      await new Promise((resolve, reject) => st.failedQueue.push({ resolve, reject }));
      original._retry = true;
      return api(original);
    }
    st.isRefreshing = true;
    original._retry = true;
    await refresh(st.epoch);
    return api(original);
  }

  // refresh runs one refresh round of session epoch: the attempts, then the
  // queue's release. It rejects with the round's error.
  async function refresh(epoch) {
    let grant = null;
    let err = null;
    try {
      grant = await attempts();
    } catch (e) {
      err = e;
    }
    settle(epoch, grant, err);
  }

  async function attempts() {
    for (let n = 1; ; n++) {
      try {
        return await refreshOnce();
      } catch (err) {
        if (closed || err.terminal || n >= MAX_ATTEMPTS) throw err;
        await sleep(BACKOFF_MS[Math.min(n, BACKOFF_MS.length) - 1]);
      }
    }
  }

  async function refreshOnce() {
    // M1, as the lesson wrote it: `await api.post('/auth/refresh')`, through
    // the intercepted instance, so a 401 on the refresh reaches onError,
    // which sees isRefreshing and queues the refresh behind itself.
    const http = refreshViaInterceptor ? api : raw;
    let res;
    try {
      res = await http.post(at(c.refresh_path), bearer ? { [c.refresh_field]: creds.refresh } : undefined, {
        kind: 'refresh',
        timeout: refreshTimeout,
      });
    } catch (error) {
      throw failure(error.response ? error.response.status : 0, error);
    }
    try {
      return grantOf(res);
    } catch (e) {
      throw failure(res.status, e);
    }
  }

  // failure classifies a failed attempt: a 4xx answer (400 invalid_grant,
  // 401, 403 account_disabled) ends the session; 5xx, 408, 429, network
  // errors, timeouts and unreadable answers are transient.
  function failure(status, cause) {
    const err = new Error(status ? `refresh failed: status ${status}` : `refresh failed: ${cause.message}`);
    err.terminal = status >= 400 && status < 500 && status !== 408 && status !== 429;
    return err;
  }

  // settle ends a refresh round: the new credentials stored, the queue
  // released, and on a terminal failure the session ended.
  function settle(epoch, grant, err) {
    if (st.epoch !== epoch) throw sessionReset(); // a login started a new session meanwhile
    if (!err) applyGrant(grant, creds);
    processQueue(err);
    if (err && err.terminal) endSession();
    if (err) throw err;
  }

  //   const processQueue = (error, token = null) => {
  //     failedQueue.forEach(p => error ? p.reject(error) : p.resolve(token));
  //     failedQueue = [];
  //   };
  function processQueue(err) {
    st.round++;
    st.lastErr = err;
    st.isRefreshing = false;
    for (const p of st.failedQueue) {
      if (err) p.reject(err);
      else p.resolve();
    }
    st.failedQueue = [];
  }

  // endSession logs out after a terminal refresh failure.
  function endSession() {
    const old = creds;
    creds = freshCreds();
    st.loggedIn = false;
    st.terminal = true;
    logouts++;
    emit('logout');
    if (closed) return;
    // Best effort, in the background, with the credentials of the session
    // that ended; its outcome changes nothing.
    raw
      .post(at(c.logout_path), bearer ? { [c.refresh_field]: old.refresh } : undefined, {
        kind: 'logout',
        creds: old,
        timeout: logoutTimeout,
      })
      .catch(() => {});
  }

  // grantOf reads the credentials of a login or refresh answer.
  function grantOf(res) {
    const g = { access: '', refresh: '', setCookie: res.headers['set-cookie'], path: new URL(res.config.url, base).pathname };
    if (!bearer) return g;
    const data = res.data;
    if (!data || typeof data !== 'object') throw new Error('answer is not a JSON object');
    g.access = typeof data[c.access_field] === 'string' ? data[c.access_field] : '';
    g.refresh = typeof data[c.refresh_field] === 'string' ? data[c.refresh_field] : '';
    if (!g.access) throw new Error(`answer has no "${c.access_field}"`);
    return g;
  }

  // applyGrant stores a grant; a refresh token left out (no rotation) stays.
  function applyGrant(g, cr) {
    if (g.access) cr.access = g.access;
    if (g.refresh) cr.refresh = g.refresh;
    cr.jar.store(g.setCookie, g.path);
  }

  // login logs in and starts a new session: queue, flags, generation and
  // terminal state all start afresh.
  async function login(username, password) {
    const fresh = freshCreds();
    let res;
    try {
      res = await raw.post(
        at(c.login_path),
        { [c.username_field]: username, [c.password_field]: password },
        { kind: 'login', creds: fresh },
      );
    } catch (error) {
      throw new Error(`login: ${error.response ? `status ${error.response.status}` : error.message}`);
    }
    let g;
    try {
      g = grantOf(res);
    } catch (e) {
      throw new Error(`login: ${e.message}`);
    }
    applyGrant(g, fresh);
    const old = st;
    creds = fresh;
    st = newSession(old.epoch + 1);
    st.loggedIn = true;
    for (const p of old.failedQueue) p.reject(sessionReset());
  }

  // request makes one application request through the interceptor and
  // resolves to its status; it rejects as axios does (non-2xx included).
  async function request(method, path) {
    const url = new URL(path, base);
    const kind = url.origin === base.origin ? 'api' : 'foreign';
    if (kind === 'api' && st.terminal) throw loggedOut();
    const res = await api.request({ method, url: url.href, kind });
    return res.status;
  }

  function state() {
    const credentials = [];
    if (bearer) {
      if (creds.access) credentials.push('access (memory)');
      if (creds.refresh) credentials.push('refresh (memory)');
    } else {
      if (creds.jar.has(c.access_cookie)) credentials.push('access (cookie)');
      if (creds.jar.has(c.refresh_cookie)) credentials.push('refresh (cookie)');
    }
    return { logged_out: !st.loggedIn, credentials, logouts };
  }

  function close() {
    closed = true;
  }

  return { login, request, state, close };
}

module.exports = { createClient };
