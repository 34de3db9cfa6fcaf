// M5 — 401s dropped while refreshing.
// Breaks: SF-2, RP-1 (see ../../variants.go).
//
// The guard against a second refresh rejects instead of queueing:
//
//   if (error.response?.status === 401 && !originalRequest._retry) {
//     if (isRefreshing) return Promise.reject(error); // "already refreshing"
//     ...
//   }
//
// A 401 that arrives while the refresh is in flight fails instead of waiting
// for it (SF-2) and is never replayed (RP-1).
import { DroppedError } from '../auth/errors.js';
import { Reference } from '../auth/reference.js';

export class M5 extends Reference {
  async wait() {
    throw new DroppedError();
  }
}
