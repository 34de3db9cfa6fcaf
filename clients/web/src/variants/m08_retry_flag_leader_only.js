// M8 — only the first request marked as retried.
// Breaks: SF-1 (see ../../variants.go).
//
// The _retry flag is set on the request that starts the refresh, but the
// queued ones are replayed without it:
//
//   if (isRefreshing) {
//     return new Promise((resolve, reject) => failedQueue.push({ resolve, reject }))
//       .then(() => api(originalRequest)); // no originalRequest._retry = true
//   }
//   originalRequest._retry = true;
//
// As long as the new token works nothing shows. When the server rejects the
// new token too, each replayed waiter's 401 is taken as a fresh expiry and
// refreshes again: a refresh storm (SF-1, NL-1). It stops after
// MAX_REFRESHES refreshes per session, a safety bound.
import { Reference } from '../auth/reference.js';

const MAX_REFRESHES = 50;

export class M8 extends Reference {
  async wait(config, s) {
    await this.enqueue(s);
    return this.api(config); // replayed without _retry
  }

  lead(config, s) {
    if (s.refreshes >= MAX_REFRESHES) {
      return Promise.reject(new Error('M8: refresh storm stopped by the safety bound'));
    }
    return super.lead(config, s);
  }
}
