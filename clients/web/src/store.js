// The app's auth store: a zustand vanilla store (no React). It is named
// useAuthStore, as in the lesson the M1 variant reproduces, so that code
// reads as written: useAuthStore.getState().logout().
//
// In bearer style the reference keeps both tokens here, in memory, and
// nowhere else. In cookie style the credentials are httpOnly cookies the app
// never sees, so the store only knows who is logged in.
import { createStore } from 'zustand/vanilla';

export const useAuthStore = createStore((set) => ({
  // view is the one part of the page that shows: 'login', 'dashboard' or
  // 'logged-out' (the "session expired" message).
  view: 'login',
  loggedIn: false,
  user: null,
  accessToken: null,
  refreshToken: null,
  // logouts counts local logout events, for the instrumentation hook.
  logouts: 0,
  loginError: '',
  // results are the dashboard's last burst: {path, status, error}.
  results: [],

  // signedIn records a successful login.
  signedIn: (user) => set({ view: 'dashboard', loggedIn: true, user, loginError: '', results: [] }),
  // setTokens keeps the tokens of a bearer login or refresh answer.
  setTokens: (accessToken, refreshToken) => set({ accessToken, refreshToken }),
  // logout ends the session locally: credentials cleared, the "session
  // expired" view shown. Telling the server is the interceptor's business.
  logout: () =>
    set((s) => ({
      view: 'logged-out',
      loggedIn: false,
      user: null,
      accessToken: null,
      refreshToken: null,
      results: [],
      logouts: s.logouts + 1,
    })),
  showLogin: () => set({ view: 'login', loginError: '' }),
  loginFailed: (message) => set({ loginError: message }),
  showResults: (results) => set({ results }),
}));
