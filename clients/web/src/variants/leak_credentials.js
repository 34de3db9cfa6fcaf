// LEAK — credentials sent to every origin.
// Breaks: SEC-2, in bearer style only (see ../../variants.go).
//
// A request interceptor that does not look at the URL:
//
//   api.interceptors.request.use((config) => {
//     config.headers.Authorization = `Bearer ${token}`;
//     return config;
//   });
//
// Any absolute URL the app calls (a CDN, an analytics endpoint, a
// third-party API) receives the user's access token (SEC-2). In cookie style
// there is no token the app could attach, and the browser does not send the
// API's cookies to another site, so nothing leaks in that style.
import { Reference } from '../auth/reference.js';

export class LEAK extends Reference {
  foreign(config) {
    const { access } = this.tokens();
    if (access) {
      config.headers.set('Authorization', `Bearer ${access}`);
    }
    return config;
  }
}
