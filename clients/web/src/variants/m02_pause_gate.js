// M2 — a pause gate that also holds the refresh call.
// Breaks: SF-1, SF-2 (see ../../variants.go).
//
// Some apps stop every outgoing call while a refresh is in flight, with a
// request interceptor installed on every axios instance they make (a shared
// setup helper):
//
//   instance.interceptors.request.use(async (config) => {
//     if (isRefreshing) await refreshDone; // pause until the refresh ends
//     return config;
//   });
//
// The refresh call passes the same gate, so it waits for the refresh in
// flight, itself: every refresh deadlocks. The refresh never even reaches the
// server: no refresh for an expired token (SF-1), and the requests waiting on
// it never settle (SF-2).
import { Reference } from '../auth/reference.js';

export class M2 extends Reference {
  install() {
    super.install();
    for (const instance of [this.api, this.bare]) {
      instance.interceptors.request.use(async (config) => {
        if (this.s.refreshing) {
          await this.enqueue(this.s); // released by processQueue
        }
        return config;
      });
    }
  }
}
