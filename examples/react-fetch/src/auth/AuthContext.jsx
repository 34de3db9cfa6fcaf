import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import * as authApi from '../api/auth.js';
import { endSession, getJSON, onSessionExpired, resetSession } from '../api/http.js';

const AuthContext = createContext(null);

// AuthProvider knows whether the user is signed in. The session itself is in
// httpOnly cookies the page cannot read, so after a page load it asks the
// server (GET /api/me) the first time a protected page needs to know.
export function AuthProvider({ children }) {
  // unknown (page just loaded), checking, signed-in or signed-out
  const [status, setStatus] = useState('unknown');
  // why the user was signed out: 'expired' when the session could not be
  // renewed, null when they signed out themselves
  const [reason, setReason] = useState(null);
  const [user, setUser] = useState(null);
  // true while checking for a session after a page load
  const checking = useRef(false);

  const signOut = useCallback((why) => {
    endSession();
    setUser(null);
    setReason(why);
    setStatus('signed-out');
    // Tell the server in the background; the local sign-out does not wait.
    authApi.logout();
  }, []);

  // The HTTP layer could not renew the session. While checking for a
  // session after a page load, that only means there is none to resume.
  useEffect(
    () => onSessionExpired(() => signOut(checking.current ? null : 'expired')),
    [signOut],
  );

  const login = useCallback(async (email, password) => {
    const data = await authApi.login(email, password);
    resetSession();
    setUser(data.user ? { email: data.user } : null);
    setReason(null);
    setStatus('signed-in');
  }, []);

  const logout = useCallback(() => signOut(null), [signOut]);

  const checkSession = useCallback(async () => {
    checking.current = true;
    setStatus('checking');
    try {
      const me = await getJSON('/api/me');
      setUser(me);
      setStatus('signed-in');
    } catch {
      setStatus((current) => (current === 'checking' ? 'signed-out' : current));
    } finally {
      checking.current = false;
    }
  }, []);

  const value = useMemo(
    () => ({ status, reason, user, login, logout, checkSession }),
    [status, reason, user, login, logout, checkSession],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth() {
  const auth = useContext(AuthContext);
  if (!auth) {
    throw new Error('useAuth must be used inside <AuthProvider>');
  }
  return auth;
}
