// STORAGE — tokens kept in web storage "to survive reloads".
// Breaks: SEC-1, in bearer style only (see ../../variants.go).
//
//   localStorage.setItem('access_token', data.access_token);
//   localStorage.setItem('refresh_token', data.refresh_token);
//   // and in the request interceptor: localStorage.getItem('access_token')
//
// Any script on the page, an XSS payload included, can read the refresh
// token and keep the session alive elsewhere (SEC-1). In cookie style the
// tokens are httpOnly cookies the app cannot read, so there is nothing
// secret to store: like many apps it keeps a copy of the user's profile and
// a "token" marker in localStorage, which leaks no credential, so it breaks
// no rule in that style. The keys are removed at logout (the pattern here is
// where the tokens live, not a forgotten cleanup).
import { Reference } from '../auth/reference.js';

const ACCESS = 'access_token';
const REFRESH = 'refresh_token';

export class STORAGE extends Reference {
  keepGrant(data) {
    if (this.cookieStyle) {
      localStorage.setItem('user', JSON.stringify({ user: data?.user ?? null }));
      localStorage.setItem('token', 'cookie-session');
      return;
    }
    super.keepGrant(data);
  }

  tokens() {
    return { access: localStorage.getItem(ACCESS), refresh: localStorage.getItem(REFRESH) };
  }

  keepTokens(access, refresh) {
    localStorage.setItem(ACCESS, access);
    if (refresh) {
      localStorage.setItem(REFRESH, refresh);
    }
  }

  dropTokens() {
    for (const key of [ACCESS, REFRESH, 'user', 'token']) {
      localStorage.removeItem(key);
    }
  }
}
