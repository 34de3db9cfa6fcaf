// M9 — a 401 on the refresh triggers a refresh again.
// Breaks: RR-1 (see ../../variants.go).
//
// The refresh helper's error handler treats a 401 as "token expired,
// refresh":
//
//   async function refresh() {
//     try { return await axios.post('/auth/refresh'); }
//     catch (e) { if (e.response?.status === 401) return refresh(); throw e; }
//   }
//
// The refresh token is dead, so every retry gets 401 again: the client
// hammers the refresh endpoint (RR-1) before it gives up, here after
// MAX_ATTEMPTS attempts, a safety bound; then it logs out.
import { Reference } from '../auth/reference.js';

const MAX_ATTEMPTS = 20;

export class M9 extends Reference {
  async refreshOnce(s, attempt = 1) {
    try {
      return await super.refreshOnce(s);
    } catch (e) {
      if (e.response?.status === 401 && attempt < MAX_ATTEMPTS) {
        return this.refreshOnce(s, attempt + 1);
      }
      throw e;
    }
  }
}
