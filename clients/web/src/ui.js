// The page: a login form, a dashboard that fires a burst of API calls, and
// the logged-out view. Exactly one of them shows, as the store's view says.
import { useAuthStore } from './store.js';

// The dashboard's burst: concurrent requests through the app's axios
// instance.
export const DASHBOARD_PATHS = ['/api/items', '/api/profile', '/api/orders'];

export function mountUI(doc, client) {
  const $ = (id) => doc.getElementById(id);
  const views = { login: $('login'), dashboard: $('dashboard'), 'logged-out': $('logged-out') };
  const form = $('login-form');
  const loginError = $('login-error');
  const results = $('results');

  const render = (st) => {
    for (const [name, el] of Object.entries(views)) {
      el.hidden = st.view !== name;
    }
    loginError.hidden = !st.loginError;
    loginError.textContent = st.loginError;
    $('user-name').textContent = st.user ?? '';
    results.replaceChildren(
      ...st.results.map((r) => {
        const li = doc.createElement('li');
        li.dataset.path = r.path;
        li.dataset.status = String(r.status ?? '');
        li.className = r.pending ? 'pending' : r.ok ? 'ok' : 'error';
        li.textContent = r.pending ? `GET ${r.path} …` : `GET ${r.path} → ${r.ok ? r.status : `${r.status || 'error'}: ${r.error}`}`;
        return li;
      }),
    );
    const done = st.results.length > 0 && st.results.every((r) => !r.pending);
    results.dataset.state = st.results.length === 0 ? 'empty' : done ? 'done' : 'loading';
  };
  useAuthStore.subscribe(render);
  render(useAuthStore.getState());

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = $('login-button');
    button.disabled = true;
    try {
      await client.login($('username').value, $('password').value);
      form.reset(); // the fields are empty whenever the login page shows again
    } catch (err) {
      useAuthStore.getState().loginFailed(loginMessage(err));
    } finally {
      button.disabled = false;
    }
  });
  $('load-button').addEventListener('click', () => loadDashboard(client));
  $('login-again').addEventListener('click', () => useAuthStore.getState().showLogin());
}

// loadDashboard fires the burst and shows each result.
export async function loadDashboard(client) {
  const store = useAuthStore.getState();
  store.showResults(DASHBOARD_PATHS.map((path) => ({ path, pending: true })));
  const results = await Promise.all(
    DASHBOARD_PATHS.map((path) =>
      client.api.get(path).then(
        (res) => ({ path, ok: true, status: res.status }),
        (err) => ({ path, ok: false, status: err?.response?.status ?? 0, error: String(err?.message ?? err) }),
      ),
    ),
  );
  if (useAuthStore.getState().view === 'dashboard') {
    useAuthStore.getState().showResults(results);
  }
}

function loginMessage(err) {
  switch (err?.response?.status) {
    case 401:
    case 400:
      return 'Wrong username or password.';
    case 403:
      return 'This account is disabled.';
  }
  return `Login failed: ${err?.message ?? err}`;
}
