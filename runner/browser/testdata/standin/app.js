// A stand-in app speaking the driver's contract with plain fetch: single
// flight refresh, one replay, logout on a failed refresh. It shows the
// driver works with any app that speaks the contract; its variant "leaky"
// keeps the refresh token in localStorage, logs the refresh failure and
// leaves a rejection unhandled.
(() => {
  const q = new URLSearchParams(location.search);
  const api = q.get("api"), style = q.get("style") || "cookie", variant = q.get("variant") || "";
  const refreshTimeout = Number(q.get("refreshTimeout")) || 5000;
  const $ = id => document.getElementById(id);
  const show = v => { for (const id of ["login-view", "dashboard", "logged-out"]) $(id).hidden = id !== v; };
  let access = null, refresh = null, loggedOut = false, logouts = 0, refreshing = null;
  const calls = {};

  const abs = p => /^https?:/.test(p) ? p : api + p;
  const raw = (path, opts = {}) => {
    const url = abs(path), own = url.startsWith(api + "/");
    const headers = { ...(opts.headers || {}) };
    if (own && style === "bearer" && access) headers.Authorization = "Bearer " + access;
    return fetch(url, { ...opts, headers, credentials: own ? "include" : "omit" });
  };
  const post = (path, body, extra = {}) =>
    ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), ...extra });

  const keep = (a, r) => {
    access = a; refresh = r;
    if (variant === "leaky" && r) localStorage.setItem("refresh_token", r);
  };
  async function doRefresh() {
    const opts = post("/auth/refresh", style === "bearer" ? { refresh_token: refresh } : {},
      { signal: AbortSignal.timeout(refreshTimeout) });
    const r = await raw("/auth/refresh", opts);
    if (!r.ok) throw Object.assign(new Error("refresh failed: " + r.status), { status: r.status });
    if (style === "bearer") { const j = await r.json(); keep(j.access_token, j.refresh_token); }
  }
  const refreshOnce = () => refreshing ??= doRefresh().finally(() => { refreshing = null; });
  function logout() {
    if (loggedOut) return;
    loggedOut = true; logouts++;
    const body = style === "bearer" ? { refresh_token: refresh } : {};
    keep(null, null);
    localStorage.removeItem("refresh_token");
    show("logged-out");
    raw("/auth/logout", post("/auth/logout", body)).catch(() => {});
  }
  async function intercepted(path, opts = {}) {
    if (loggedOut) throw new Error("logged out");
    const r = await raw(path, opts);
    if (r.status !== 401 || !abs(path).startsWith(api + "/")) return r;
    try { await refreshOnce(); } catch (e) {
      if (variant === "leaky") { console.error("refresh failed", String(e)); Promise.reject(new Error("unhandled in leaky")); }
      logout(); throw e;
    }
    return raw(path, opts);
  }

  $("login-button").addEventListener("click", async () => {
    $("login-error").hidden = true;
    try {
      const r = await raw("/auth/login", post("/auth/login", { username: $("username").value, password: $("password").value }));
      if (!r.ok) throw new Error("login failed: " + r.status);
      const j = await r.json();
      if (style === "bearer") keep(j.access_token, j.refresh_token);
      loggedOut = false; show("dashboard");
    } catch (e) {
      $("login-error").textContent = e.message; $("login-error").hidden = false;
    }
  });

  window.__authconform = {
    ready: true, variant, calls,
    request(id, path) {
      return intercepted(path).then(
        r => ({ id, outcome: "ok", status: r.status }),
        e => ({ id, outcome: "error", status: e.status || 0, error: String(e.message || e) }),
      ).then(res => {
        calls[id] = res;
        if (window.__authconformDone) window.__authconformDone(JSON.stringify(res));
      });
    },
    state() {
      const credentials = [];
      if (access) credentials.push("access (memory)");
      if (refresh) credentials.push("refresh (memory)");
      if (localStorage.getItem("refresh_token")) credentials.push("refresh (localStorage: refresh_token)");
      return { loggedOut, credentials, logouts };
    },
  };
})();
