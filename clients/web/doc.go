// Package web is the reference web app of authconform and its known-bad
// variants: a small single-page app in plain JavaScript (axios and a zustand
// vanilla store, from npm) whose refresh interceptor passes every rule in
// both credential styles, and one variant per known-bad pattern that applies
// in a browser, selected at load time.
//
// The app's sources live in this folder (src/, index.html); Bundle builds
// them with esbuild's Go API at run time, so no node is needed to run the
// suite, only the npm packages on disk (make deps, or npm ci in this
// folder). Handler serves the page and the bundle; the browser driver opens
// it with the fake auth server's URL and the variant in the query and drives
// it through the window.__authconform hook. README.md in this folder is the
// contract between the app and the driver.
package web
