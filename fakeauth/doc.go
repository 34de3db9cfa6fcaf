// Package fakeauth is a scriptable fake auth server for testing the code that
// refreshes auth tokens on the client side.
//
// A Server speaks a small, configurable auth contract (login, refresh, logout,
// "me" and protected API routes under a prefix) in one of two credential
// styles: httpOnly cookies or bearer tokens in JSON bodies. Access tokens are
// HS256 JWTs carrying the session, the credential generation and the expiry;
// refresh tokens are opaque, optionally rotating, and tracked in families so
// that the reuse of a spent token can revoke the whole family.
//
// Behaviours are scripted per endpoint as a list of steps (respond, delay,
// hang, drop, hold, pass, each for a number of requests), so a test can make
// the refresh endpoint slow, broken or hostile. Every request is recorded in a
// bounded Journal with monotonic start and end times, the kind of request, the
// credential it carried and what the server did.
//
// The lifecycle follows net/http/httptest: NewServer starts a server on
// 127.0.0.1 with a free port, URL says where, and Close stops it and waits for
// every handler to return, ending any request the script left hanging.
//
// A control API under ControlPrefix lets other processes script the server;
// package fakeauth/control is its Go client.
package fakeauth
