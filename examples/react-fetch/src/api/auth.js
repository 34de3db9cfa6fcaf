// The auth endpoints. They are called with plain fetch, never through
// apiFetch: a 401 from them must not start a refresh.
const REFRESH_TIMEOUT = 2000;
const LOGOUT_TIMEOUT = 2000;

export class LoginError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'LoginError';
    this.status = status;
  }
}

// login signs in; the server answers with the session cookies.
export async function login(email, password) {
  let response;
  try {
    response = await fetch('/api/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    throw new LoginError('Could not reach the server. Check your connection and try again.');
  }
  if (response.status === 401) {
    throw new LoginError('Wrong email or password.', 401);
  }
  if (response.status === 403) {
    throw new LoginError('This account is disabled.', 403);
  }
  if (!response.ok) {
    throw new LoginError(`Sign-in failed (${response.status}). Please try again.`, response.status);
  }
  return response.json();
}

// refreshSession asks for new session cookies. It resolves with the
// response whatever its status, and rejects on a network error or, named
// TimeoutError, when the server does not answer within REFRESH_TIMEOUT.
export function refreshSession() {
  return fetchWithTimeout('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' }, REFRESH_TIMEOUT);
}

// logout tells the server the session is over. It is best effort: it never
// rejects, and gives up after LOGOUT_TIMEOUT.
export async function logout() {
  try {
    await fetchWithTimeout('/api/auth/logout', { method: 'POST', credentials: 'same-origin' }, LOGOUT_TIMEOUT);
  } catch {
    // The local session is gone either way.
  }
}

async function fetchWithTimeout(url, init, ms) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The request timed out.', 'TimeoutError')), ms);
  try {
    return await fetch(url, { ...init, signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}
