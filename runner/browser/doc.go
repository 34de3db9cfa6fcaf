// Package browser drives a web app in headless Chromium through chromedp: it
// is the runner's browser driver, behind the targets "web" and "web:<mutant>".
//
// A Browser is one Chromium per process, started on first use and shared by
// every run; each run gets a fresh tab in a fresh browser context, so runs
// share no cookies or storage and can go on at once. A Driver serves the app
// on 127.0.0.1 and opens it against the run's fake auth server (another
// port of the same host: same site, another origin); its Session logs in
// through the page's form, fires requests through the app's own HTTP
// client and reads back the app's auth state, the cookies the browser holds
// and what the page logged.
//
// The app speaks a small contract, which the reference web app (clients/web,
// see its README.md) implements and the stand-in in testdata/standin does
// too:
//
//   - the page takes the query parameters api (the fake server's base URL),
//     style (cookie or bearer), variant, refreshTimeout and logoutTimeout
//     (milliseconds), and the contract's paths and field names (loginPath,
//     refreshPath, logoutPath, usernameField, passwordField, accessField,
//     refreshField), which an app may ignore;
//   - the DOM has #username, #password, #login-button and #login-error, and
//     the views #dashboard (logged in) and #logged-out ("Your session
//     expired"), which may offer #login-again to get back to the form;
//   - window.__authconform has ready (or error, when the app cannot start),
//     variant, request(id, path) and state() ({loggedOut, credentials,
//     logouts}); request settles by calling window.__authconformDone with
//     JSON {id, outcome: "ok"|"error", status, error}, a function the
//     driver binds with the DevTools protocol, so no call is polled.
//
// Nothing waits forever: every step is bounded by the caller's context and a
// timeout of its own, and Close leaves no process or folder behind.
package browser
