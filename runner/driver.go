package runner

import (
	"context"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
)

// Driver starts clients of one kind (an in-process Go client, a process, a
// browser app) for a run.
type Driver interface {
	// Start makes a fresh client for one run against the server env names.
	Start(ctx context.Context, env Env) (Session, error)
}

// Env is what a driver needs to know about a run.
type Env struct {
	// ServerURL is the fake auth server, http://127.0.0.1:PORT.
	ServerURL string
	// Contract is the auth contract the server speaks, defaults filled in.
	Contract fakeauth.Contract
	// User is the account to log in with.
	User fakeauth.User
	// RefreshTimeout and LogoutTimeout are the timeouts a client should
	// give its refresh and logout calls: scenarios are scaled, so clients
	// take them from here.
	RefreshTimeout, LogoutTimeout time.Duration
	// RefreshTokens lists every refresh token the server has issued in
	// this run, so a driver can tell whether page scripts could read one
	// (SEC-1).
	RefreshTokens func() []string
	// ForeignURL is the URL of the other-origin server the workload's
	// foreign calls go to ("" when the scenario has none).
	ForeignURL string
	// Now reads the run's clock (the journal's): evidence a driver
	// records itself is timed on it.
	Now func() time.Duration
}

// OriginDriver is implemented by a driver whose client runs on an origin
// of its own (a browser app): the fake server lets those origins call it
// with credentials (CORS).
type OriginDriver interface {
	Origins() []string
}

// ServerShaper is implemented by a driver whose client speaks an auth
// contract of its own (a third-party app): it shapes the run's server, its
// contract, users and canned API bodies. The contract's style then wins
// over Options.Style.
type ServerShaper interface {
	ShapeServer(cfg *fakeauth.Config)
}

// Observer is implemented by a session whose client fires requests of its
// own accord (a third-party app in a browser): the harness cannot name the
// client's calls, so it triggers them and reads them back from what it
// observed. The runner then uses Trigger and Settle instead of Issue.
type Observer interface {
	// Trigger makes the client fire its requests for one phase of round n.
	// It returns when the trigger's action is done, not its requests.
	Trigger(ctx context.Context, n int, phase conformance.Phase) error
	// Settle waits until the calls triggered since the last Settle have
	// settled, or until the run's clock reads deadline, and returns them
	// with the time they settled (deadline when some had not).
	Settle(ctx context.Context, deadline time.Duration) ([]conformance.Call, time.Duration)
	// Observed says what the calls were read from (Evidence.Observed).
	Observed() string
}

// Session is one client during one run.
type Session interface {
	// Login logs the client in; it returns when the login settled.
	Login(ctx context.Context) error
	// Issue starts one application request and returns at once; done must
	// be called exactly once when the request settles (not at all if it
	// never does). ctx ends when the run is over.
	Issue(ctx context.Context, c CallSpec, done func(Result))
	// State reports the client's auth state; nil when the target cannot.
	State(ctx context.Context) (*conformance.State, error)
	// Close stops the client and releases everything it holds. It is
	// called once, after the server has stopped.
	Close() error
}

// CallSpec is one request the workload asks for.
type CallSpec struct {
	ID     string
	Method string
	// Path is relative to the server (it carries the call ID in its query),
	// or an absolute URL for a request to another origin.
	Path string
}

// Result is how a request settled, as the client reported it.
type Result struct {
	// Status is the response status (0 when the request failed without
	// one); Err the error the application saw, if any.
	Status int
	Err    error
}

// Console is implemented by a session that collects what its client
// logged (console errors, stderr); the runner puts it in the evidence.
type Console interface {
	Console() []string
}

// Batcher is implemented by a session that can start several requests in
// one step (a browser: one evaluation in the page), so a burst leaves the
// client together, as an app's Promise.all does, however loaded the
// machine. done is called once per call, with its ID.
type Batcher interface {
	IssueAll(ctx context.Context, calls []CallSpec, done func(id string, res Result))
}
