// M7 — no single flight: the naive interceptor every tutorial starts from.
// Breaks: SF-1, RT-1 (see ../../variants.go).
//
//   api.interceptors.response.use((r) => r, async (error) => {
//     if (error.response?.status === 401 && !error.config._retry) {
//       error.config._retry = true;
//       await refresh(); // one refresh per 401
//       return api(error.config);
//     }
//     return Promise.reject(error);
//   });
//
// N concurrent 401s make N refreshes (SF-1). With rotating refresh tokens
// they all present the same token, so all but one present a spent token
// (RT-1), which a reuse-detecting server punishes by revoking the session.
import { Reference } from '../auth/reference.js';

export class M7 extends Reference {
  // isRefreshing is never consulted: every 401 leads its own refresh.
  joinsFlight() {
    return false;
  }
}
