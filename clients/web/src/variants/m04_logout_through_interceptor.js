// M4 — the logout call sent through the interceptor, needing auth.
// Breaks: LO-3, NL-1 (see ../../variants.go).
//
// The refresh failure handler logs out with the application's own client:
//
//   const logout = () => api.post('/auth/logout').finally(clearSession);
//   // in the interceptor: catch (err) { processQueue(err); logout(); ... }
//
// When the logout endpoint answers 401 (the session is already revoked), the
// interceptor takes that 401 like any other: it refreshes, the refresh fails,
// the failure handler logs out again, whose 401 refreshes again: a
// refresh-logout ping-pong. The local logout still happens, but the logout's
// failure triggers refreshes (LO-3), the loop goes on after the failure
// (NL-1) and logout is called again and again (LO-2). A real app loops until
// the tab closes; this one stops after MAX_CYCLES logout calls per session.
import { Reference } from '../auth/reference.js';

const MAX_CYCLES = 20;

export class M4 extends Reference {
  sendLogout(old) {
    if (this.s.logoutCalls >= MAX_CYCLES) {
      return; // the safety bound
    }
    this.s.logoutCalls++;
    // Through this.api, the intercepted instance: its 401 starts a refresh.
    this.api.post(this.config.logoutPath, this.logoutBody(old), { timeout: this.config.logoutTimeout }).catch(() => {});
  }
}
