// RETRY — a transient refresh failure retried until it works.
// Breaks: TR-1 (see ../../variants.go).
//
//   async function refresh() {
//     for (;;) {
//       try { return await axios.post('/auth/refresh'); }
//       catch (e) { if (!e.response || e.response.status >= 500) { await sleep(40); continue; } throw e; }
//     }
//   }
//
// A refresh endpoint that keeps answering 503 or dropping the connection is
// hammered without bound (TR-1). This one stops after MAX_ATTEMPTS attempts,
// a safety bound.
import { Reference, sleep } from '../auth/reference.js';

const MAX_ATTEMPTS = 50;

export class RETRY extends Reference {
  async attempts(s) {
    for (let n = 1; ; n++) {
      try {
        return await this.refreshOnce(s);
      } catch (e) {
        const transient = !e.response || e.response.status >= 500;
        if (!transient || n >= MAX_ATTEMPTS || s !== this.s) {
          throw e;
        }
        await sleep(40);
      }
    }
  }
}
