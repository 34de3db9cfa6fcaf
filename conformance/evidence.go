package conformance

import (
	"net/url"
	"time"
)

// Evidence is everything observed while one client (a target) ran through
// one scenario. All times are offsets on one monotonic clock: the fake
// server's journal clock, which starts when the server starts.
//
// Evidence is plain data: drivers fill it in, rules read it, reports print
// it. It carries no behaviour beyond small helpers that read it.
type Evidence struct {
	// Scenario and Target name what ran ("slow-refresh", "go:M1").
	Scenario string `json:"scenario"`
	Target   string `json:"target"`
	// Style is the credential style the server spoke: cookie or bearer.
	Style string `json:"style"`
	// Rotation is the server's refresh-token policy: off, rotate, reuse-detect.
	Rotation string `json:"rotation"`
	// Deadline is the time each round's requests had to settle, from the
	// start of the burst; Quiet is the window watched after they settled.
	Deadline time.Duration `json:"deadline"`
	Quiet    time.Duration `json:"quiet"`
	// Rounds are the workload's rounds: one, or two when the scenario logs
	// in again.
	Rounds []Round `json:"rounds"`
	// Server is the fake server's journal, without control calls.
	Server []Request `json:"server"`
	// JournalDropped counts journal entries the server could not keep;
	// when non-zero, rules that count requests cannot be sure.
	JournalDropped uint64 `json:"journal_dropped,omitempty"`
	// Foreign are the requests a server of another origin received: the
	// client must never send it credentials (SEC-2).
	Foreign []ForeignRequest `json:"foreign,omitempty"`
	// Console holds what the client printed or logged as errors: browser
	// console errors, unhandled rejections, a process's stderr lines.
	Console []string `json:"console,omitempty"`
	// Problems are what went wrong in the harness or the client outside
	// the workload (a crash, garbage on a protocol, a login that failed).
	Problems []string `json:"problems,omitempty"`
	// Notes say what the evidence lacks by the nature of the client, not
	// because anything went wrong: a black-box app that offers no action
	// once logged out, or cannot send the workload's calls to another
	// origin. Rules that need what is missing are not judged.
	Notes []string `json:"notes,omitempty"`
	// Observed is set when the client did not report its calls itself (a
	// third-party app): it says what the calls were read from, e.g. "the
	// network, and the app's pending count (evidence.pending)". Verdicts
	// that read how calls settled name it as their evidence.
	Observed string `json:"observed,omitempty"`
}

// Round is one pass of the workload: log in, set up, burst (and late)
// requests, wait until they settle, the quiet window, later actions.
type Round struct {
	// N counts rounds from 1.
	N int `json:"n"`
	// Start is when the login began; LoggedIn when it settled (0 if the
	// login failed, then LoginError says why).
	Start      time.Duration `json:"start"`
	LoggedIn   time.Duration `json:"logged_in"`
	LoginError string        `json:"login_error,omitempty"`
	// Burst is when the first burst request was issued; DeadlineAt is
	// Burst + the scenario's deadline.
	Burst      time.Duration `json:"burst"`
	DeadlineAt time.Duration `json:"deadline_at"`
	// Settled is when the last burst or late call settled, or DeadlineAt
	// when some were still pending then.
	Settled time.Duration `json:"settled"`
	// QuietEnd is Settled + the quiet window.
	QuietEnd time.Duration `json:"quiet_end"`
	// End is when the round ended (after the later actions).
	End time.Duration `json:"end"`
	// Calls are the client requests of the round, in the order issued.
	Calls []Call `json:"calls"`
	// State is the client's state at the end of the round; nil when the
	// target could not report it.
	State *State `json:"state,omitempty"`
}

// Phase says when in a round a call was issued.
type Phase string

// The phases of a round.
const (
	PhaseBurst Phase = "burst" // fired together after setup
	PhaseLate  Phase = "late"  // fired while the first ones may be waiting on a refresh
	PhaseAfter Phase = "after" // "later actions", after the quiet window
)

// Outcome says how a client call settled.
type Outcome string

// The outcomes of a call.
const (
	// OutcomeOK: the client resolved the call with an HTTP response (Status).
	OutcomeOK Outcome = "ok"
	// OutcomeError: the client rejected the call with an error.
	OutcomeError Outcome = "error"
	// OutcomePending: the call had not settled at the deadline.
	OutcomePending Outcome = "pending"
	// OutcomeUnknown: the harness saw the call's last answer on the
	// network (a 401 or an error the client did not follow with a replay)
	// but not what the client did with it: a black-box app that offers no
	// evidence of its own (see Evidence.Observed).
	OutcomeUnknown Outcome = "unknown"
)

// Call is one request the workload asked the client to make, as the client
// reported it.
type Call struct {
	// ID identifies the call; the request carries it as the query
	// parameter CallParam, so journal lines can be tied to it.
	ID     string `json:"id"`
	Phase  Phase  `json:"phase"`
	Method string `json:"method"`
	Path   string `json:"path"`
	// Start is when the call was issued, End when it settled (0: pending).
	Start time.Duration `json:"start"`
	End   time.Duration `json:"end,omitempty"`
	// Outcome, with Status for a response (or for an error that carried
	// one) and Error for an error.
	Outcome Outcome `json:"outcome"`
	Status  int     `json:"status,omitempty"`
	Error   string  `json:"error,omitempty"`
}

// Succeeded reports whether the call settled with a 2xx response.
func (c Call) Succeeded() bool { return c.Outcome == OutcomeOK && c.Status >= 200 && c.Status < 300 }

// CallParam is the query parameter that carries a call's ID.
const CallParam = "authconform_call"

// Request is one journal line: a request as the fake server saw it.
type Request struct {
	Seq    uint64        `json:"seq"`
	Start  time.Duration `json:"start"`
	End    time.Duration `json:"end"`
	Kind   string        `json:"kind"` // login, refresh, logout, me, api, preflight, other
	Method string        `json:"method"`
	Path   string        `json:"path"` // with the query, as sent
	// Call is the ID of the client call the request belongs to, from its
	// CallParam query parameter ("" for refresh, logout, or an app that
	// does not carry it).
	Call string `json:"call,omitempty"`
	// Cred is what the credential carried was worth: none, valid, expired,
	// revoked, spent, disabled, invalid.
	Cred       string `json:"cred"`
	Session    uint32 `json:"session,omitempty"`
	Generation uint32 `json:"generation,omitempty"`
	// Status is the HTTP status answered (0 when none was).
	Status int `json:"status,omitempty"`
	// Outcome: answered, dropped, hung or abandoned.
	Outcome string `json:"outcome"`
	// Action is the script step's action applied ("" when the server
	// answered as itself).
	Action string `json:"action,omitempty"`
}

// CallOf returns the call ID carried in a request path's query.
func CallOf(path string) string {
	_, q, ok := cutQuery(path)
	if !ok {
		return ""
	}
	v, err := url.ParseQuery(q)
	if err != nil {
		return ""
	}
	return v.Get(CallParam)
}

func cutQuery(p string) (string, string, bool) {
	for i := 0; i < len(p); i++ {
		if p[i] == '?' {
			return p[:i], p[i+1:], true
		}
	}
	return p, "", false
}

// ForeignRequest is a request that reached a server of another origin.
type ForeignRequest struct {
	Start time.Duration `json:"start"`
	Path  string        `json:"path"`
	// Authorization is the Authorization header sent, if any.
	Authorization string `json:"authorization,omitempty"`
	// Cookies are the names of the cookies sent.
	Cookies []string `json:"cookies,omitempty"`
}

// State is a client's auth state as the target reported it.
type State struct {
	// LoggedOut: the client considers itself logged out (an app shows its
	// logged-out state).
	LoggedOut bool `json:"logged_out"`
	// Credentials lists the credentials the client still holds, each as
	// "access" or "refresh" with where: "access (memory)",
	// "refresh (cookie)", "access (localStorage: token)".
	Credentials []string `json:"credentials,omitempty"`
	// Logouts counts the client's logout events (an OnLogout hook).
	Logouts int `json:"logouts"`
	// URL is a browser's location; LoggedOutMarker whether its
	// logged-out marker shows.
	URL             string `json:"url,omitempty"`
	LoggedOutMarker bool   `json:"logged_out_marker,omitempty"`
	// RefreshReadable: a page script can read the refresh token (SEC-1);
	// nil when the target cannot tell.
	RefreshReadable *bool `json:"refresh_readable,omitempty"`
}
