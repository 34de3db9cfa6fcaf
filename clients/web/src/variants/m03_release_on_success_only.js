// M3 — the queue released only on success.
// Breaks: RJ-1, RS-1 (see ../../variants.go).
//
// The interceptor resets its flag and drains the queue on the happy path and
// forgets both in the catch block (no finally):
//
//   try {
//     await refresh();
//     processQueue(null);
//     isRefreshing = false;
//     return api(originalRequest);
//   } catch (err) {
//     logout();
//     return Promise.reject(err); // failedQueue and isRefreshing untouched
//   }
//
// When the refresh fails the leader is rejected and the user logged out, but
// every waiter hangs for ever (RJ-1). isRefreshing and failedQueue are module
// variables, so they survive the logout and the next login: the next
// session's first 401 queues behind a refresh that no longer exists (RS-1).
import { Reference } from '../auth/reference.js';

export class M3 extends Reference {
  // processQueue runs on the success path only.
  processQueue(s, error) {
    if (!error) {
      super.processQueue(s, null);
    }
  }

  // Module variables: a login keeps isRefreshing and the waiters.
  resetSession() {
    const { refreshing, queue } = this.s;
    this.s.queue = []; // not rejected: the old waiters stay in the queue
    super.resetSession();
    this.s.refreshing = refreshing;
    this.s.queue = queue;
  }
}
