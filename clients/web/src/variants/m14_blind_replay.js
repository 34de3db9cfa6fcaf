// M14 — waiters replayed blindly after a failed refresh.
// Breaks: RJ-2 (see ../../variants.go).
//
// The queue is drained with resolve whatever happened:
//
//   const processQueue = (error, token) => {
//     failedQueue.forEach((p) => p.resolve(token)); // error ignored
//     failedQueue = [];
//   };
//   // waiters: .then(() => api(originalRequest))
//
// When the refresh fails every waiter is sent again with whatever credential
// is left: the expired one after a transient failure, none after the logout
// (RJ-2).
import { Reference } from '../auth/reference.js';

export class M14 extends Reference {
  processQueue(s, error) {
    s.round++;
    s.lastError = error;
    s.refreshing = false;
    const queue = s.queue;
    s.queue = [];
    for (const w of queue) {
      w.resolve(); // error ignored
    }
  }
}
