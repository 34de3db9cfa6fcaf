// M2 — a pause gate that also holds the refresh call.
// Breaks: RP-1, RJ-1, LO-1 (see ../../variants.go).
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
// flight, itself: every refresh deadlocks. Nothing recovers from an expired
// access token: waiting requests are never replayed (RP-1) nor rejected
// (RJ-1), and a failing refresh never logs out (LO-1).
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
