// Package adapter is the interface between the conformance runner and a Go
// client stack: implement Client (and a Factory that makes one) for your own
// interceptor, and the suite drives it like the bundled reference.
//
// The package imports nothing but the standard library, so a client package
// can implement it without depending on the harness.
package adapter

import (
	"context"
	"time"
)

// Config tells a client where the auth server is and which contract it
// speaks. The runner fills every field.
type Config struct {
	// BaseURL is the server, e.g. http://127.0.0.1:40123; paths below are
	// relative to it.
	BaseURL string
	// Style is "cookie" (httpOnly cookies the client keeps in a jar) or
	// "bearer" (tokens in JSON bodies, Authorization: Bearer).
	Style string
	// The contract's paths.
	LoginPath, RefreshPath, LogoutPath string
	// The contract's JSON field names (login body, token fields).
	UsernameField, PasswordField, AccessField, RefreshField string
	// RefreshTimeout is the timeout a client should give its refresh call;
	// LogoutTimeout its logout call. Scenarios are scaled, so clients get
	// them from here rather than from constants.
	RefreshTimeout, LogoutTimeout time.Duration
}

// State is a client's auth state, as it knows it.
type State struct {
	// LoggedOut: the client considers the session over.
	LoggedOut bool
	// HoldsAccess and HoldsRefresh: credentials still kept (in memory or in
	// the client's cookie jar).
	HoldsAccess, HoldsRefresh bool
	// Logouts counts the logout events the client fired.
	Logouts int
}

// Client is one client stack under test.
type Client interface {
	// Login logs in with a username and password.
	Login(ctx context.Context, username, password string) error
	// Request makes one application request through the client's
	// interceptor and returns the response status, or the error the
	// application would see. The path may carry a query.
	Request(ctx context.Context, method, path string) (status int, err error)
	// State reports the client's auth state.
	State() State
	// Close releases everything the client holds (idle connections,
	// goroutines).
	Close()
}

// Factory makes a fresh client for one scenario.
type Factory func(Config) (Client, error)

// Console is implemented by a client that keeps log lines worth showing
// with its verdicts (errors it logged instead of acting on). Optional.
type Console interface {
	// Console returns the lines logged so far.
	Console() []string
}
