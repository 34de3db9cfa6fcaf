// The auth endpoints, on a bare ky instance: no auth hooks, so a 401 from
// any of them never leads to a refresh.
import ky from 'ky';
import { API_URL } from '@/config';

const REFRESH_TIMEOUT = 2000;
const REVOKE_TIMEOUT = 2000;

const authHttp = ky.create({
  prefixUrl: `${API_URL}/v1/auth`,
  retry: 0,
});

// login exchanges a username and password for an access token and a
// refresh token: {access_token, refresh_token, token_type, expires_in}.
export function login(username, password) {
  return authHttp.post('token', { json: { username, password } }).json();
}

// refresh exchanges the refresh token for a new pair of tokens. A network
// error or a 5xx is retried twice; an attempt that takes longer than
// REFRESH_TIMEOUT fails with a TimeoutError and is not retried.
export function refresh(refreshToken) {
  return authHttp
    .post('refresh', {
      json: { refresh_token: refreshToken },
      timeout: REFRESH_TIMEOUT,
      retry: {
        limit: 2,
        methods: ['post'],
        statusCodes: [500, 502, 503, 504],
        delay: (attempt) => 100 * attempt,
        maxRetryAfter: 1000,
      },
    })
    .json();
}

// revoke tells the server the refresh token is no longer wanted. Best
// effort: it never rejects.
export async function revoke(refreshToken) {
  try {
    await authHttp.post('revoke', { json: { refresh_token: refreshToken }, timeout: REVOKE_TIMEOUT });
  } catch {
    // Signed out locally either way.
  }
}
