package scenarios

import "github.com/authconform/authconform/fakeauth"

// Scenario is one conformance scenario: a fake server's behaviour, the
// client workload that exercises it, the time the client has, and the rules
// the resulting evidence judges.
type Scenario struct {
	// ID is the stable name, lower-case words joined by hyphens
	// ("slow-refresh"); in a file it equals the file name without .yaml.
	ID string `json:"id" yaml:"id"`
	// Title is a one-line name for reports.
	Title string `json:"title" yaml:"title"`
	// Description says what the server does, what a correct client does and
	// which known-bad pattern the scenario catches.
	Description string `json:"description" yaml:"description"`
	// Judges are the IDs of the conformance rules this scenario's evidence
	// decides, as in SF-1.
	Judges []string `json:"judges" yaml:"judges"`
	// Server is the fake server's script.
	Server fakeauth.Script `json:"server" yaml:"server"`
	// Workload is what the client under test is asked to do.
	Workload Workload `json:"workload" yaml:"workload"`
	// Timing bounds the run.
	Timing Timing `json:"timing" yaml:"timing"`
	// Source is the name of the file the scenario was read from ("" for one
	// built in Go).
	Source string `json:"-" yaml:"-"`
}

// DefaultPath is the API path requests use when a workload names none.
const DefaultPath = "/api/items"

// Workload is what the runner and the client under test do, in order: log
// in; apply Setup on the server; fire Burst requests (Stagger apart) and,
// LateAfter after the burst began, Late more; wait until every request has
// settled and the quiet window has passed; fire After requests one by one.
// With Relogin, the client then logs in again and the round repeats once
// from Setup.
type Workload struct {
	// Setup are the operations applied on the server after login, before
	// the burst.
	Setup []Op `json:"setup,omitempty" yaml:"setup,omitempty"`
	// Burst is the number of requests fired concurrently (at least 1).
	Burst int `json:"burst" yaml:"burst"`
	// Stagger is the gap between two burst requests (0: all at once).
	Stagger fakeauth.Duration `json:"stagger,omitempty" yaml:"stagger,omitempty"`
	// Late is the number of requests fired LateAfter after the burst began,
	// typically while a refresh is in flight (0: none).
	Late int `json:"late,omitempty" yaml:"late,omitempty"`
	// LateAfter is when the late requests are fired, counted from the start
	// of the burst; required when Late > 0.
	LateAfter fakeauth.Duration `json:"late_after,omitempty" yaml:"late_after,omitempty"`
	// After is the number of "later actions": requests fired one by one once
	// everything settled and the quiet window passed (0: none).
	After int `json:"after,omitempty" yaml:"after,omitempty"`
	// Relogin runs a second round: after the first (which typically ends in
	// a logout), the client logs in again, Setup is applied again and the
	// burst is fired again.
	Relogin bool `json:"relogin,omitempty" yaml:"relogin,omitempty"`
	// Foreign is the number of requests fired with the burst to a server
	// of another origin; the client must not send it credentials (SEC-2).
	Foreign int `json:"foreign,omitempty" yaml:"foreign,omitempty"`
	// Paths are the API paths the requests cycle through; each starts with
	// "/" (default [DefaultPath]).
	Paths []string `json:"paths,omitempty" yaml:"paths,omitempty"`
}

// Path returns the API path of the workload's i-th request (counted from 0
// across burst, late and after requests): the paths taken in turn.
func (w Workload) Path(i int) string {
	if len(w.Paths) == 0 {
		return DefaultPath
	}
	n := len(w.Paths)
	return w.Paths[(i%n+n)%n]
}

// Timing bounds a scenario's run.
type Timing struct {
	// Deadline is the time every client request has to settle, counted from
	// the start of its round (required).
	Deadline fakeauth.Duration `json:"deadline" yaml:"deadline"`
	// Quiet is the window watched after everything settled, in which a
	// correct client sends nothing more on its own (required).
	Quiet fakeauth.Duration `json:"quiet" yaml:"quiet"`
}

// Op is an operation the runner applies on the fake server after login.
type Op string

// The setup operations.
const (
	// OpExpireAccess expires the session's access token now.
	OpExpireAccess Op = "expire-access"
	// OpExpireRefresh expires the session's refresh token now; a refresh
	// with it is answered 401 invalid_grant.
	OpExpireRefresh Op = "expire-refresh"
	// OpRevoke revokes the session; a refresh is answered 401 invalid_grant.
	OpRevoke Op = "revoke"
	// OpDisable disables the user's account; a refresh is answered 403
	// account_disabled.
	OpDisable Op = "disable"
)

// Ops lists every setup operation.
var Ops = []Op{OpExpireAccess, OpExpireRefresh, OpRevoke, OpDisable}

func (o Op) valid() bool {
	for _, v := range Ops {
		if v == o {
			return true
		}
	}
	return false
}
