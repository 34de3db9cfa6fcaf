// M6 — no credential-generation check.
// Breaks: SF-3, SF-1 (see ../../variants.go).
//
// The interceptor only asks "is a refresh in flight?", never "was this
// request sent with the credential I hold now?":
//
//   if (isRefreshing) { /* queue */ }
//   isRefreshing = true; // refresh again, even if one just finished
//
// A request sent with the old token whose 401 arrives after the refresh has
// finished (a late 401) starts a second refresh instead of being replayed
// with the new token (SF-3), so one expiry costs two refreshes (SF-1).
import { Reference } from '../auth/reference.js';

export class M6 extends Reference {
  isStale() {
    return false;
  }
}
