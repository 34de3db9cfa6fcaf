package browser

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
)

// Request kinds, as the tracker sees them.
const (
	kindAuth  = "auth"  // login, refresh, logout, me
	kindAPI   = "api"   // under the contract's API prefix
	kindOther = "other" // the app's own pages and scripts, preflights
)

// errCanceled is the end of a request the page gave up on itself.
var errCanceled = errors.New("canceled by the page")

// tracker follows the auth and API requests a third-party app makes through
// the harness (the front or the interceptor). It ties each API request to a
// call: a new one, or the replay of a call whose last request got a 401 or
// failed, with the same method and path. It also tells when the network is
// idle. An app cannot name its calls, so this is how its evidence gets call
// IDs: the request carries the ID to the fake server (conformance.CallParam).
type tracker struct {
	now      func() time.Duration
	contract fakeauth.Contract

	mu      sync.Mutex
	round   int
	phase   conformance.Phase // "": requests are not calls (the login, or between phases)
	counts  map[conformance.Phase]int
	calls   []*tcall                 // the current round's calls, in order of their first request
	taken   int                      // calls before this index were returned by take
	open    map[uint64]time.Duration // auth and API requests in flight, with when they began
	seq     uint64
	refresh int // refresh requests in flight
	// refreshed is when the last refresh request ended.
	refreshed time.Duration
	last      time.Duration
	from      time.Duration // when the round's first phase started
	started   time.Duration // when the phase started
	seen      bool          // an auth or API request began since
	// arriving: a login just ended, and the app may fetch on arrival.
	arriving bool
}

// tcall is one call and its requests.
type tcall struct {
	c      conformance.Call
	base   string // method and path without the query: what a replay repeats
	open   int    // requests in flight
	sent   int
	status int   // the last answer's status
	err    error // the last request's error
	end    time.Duration
	began  time.Duration // when the last request began
}

func newTracker(now func() time.Duration, c fakeauth.Contract) *tracker {
	return &tracker{now: now, contract: c, counts: map[conformance.Phase]int{}, open: map[uint64]time.Duration{}}
}

// kind says what a request to path (no query) is.
func (t *tracker) kind(method, path string) string {
	c := &t.contract
	switch {
	case method == "OPTIONS":
		return kindOther
	case path == c.LoginPath || path == c.RefreshPath || path == c.LogoutPath || path == c.MePath:
		return kindAuth
	case strings.HasPrefix(path, c.APIPrefix):
		return kindAPI
	}
	return kindOther
}

// start begins a phase of round n: API requests from now on are its calls
// (or replays of earlier calls of the round).
func (t *tracker) start(n int, phase conformance.Phase) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if n != t.round {
		t.round, t.calls, t.taken, t.from = n, nil, 0, now
		clear(t.counts)
	}
	t.phase, t.arriving = phase, false
	t.started, t.seen = now, false
}

// waitSeen waits, at most max, until the current phase has seen a request:
// late calls follow the burst's first requests, however slow the app is
// to send them.
func (t *tracker) waitSeen(ctx context.Context, max time.Duration) {
	end := time.Now().Add(max)
	for time.Now().Before(end) && ctx.Err() == nil {
		t.mu.Lock()
		seen := t.seen
		t.mu.Unlock()
		if seen {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// arrive marks the end of a login: the requests the app makes on arrival
// have firstRequestWait to begin before the network counts as idle.
func (t *tracker) arrive() {
	t.mu.Lock()
	t.started, t.seen, t.arriving = t.now(), false, true
	t.mu.Unlock()
}

// stop ends the phase: later API requests are not calls, unless they
// replay one.
func (t *tracker) stop() {
	t.mu.Lock()
	t.phase = ""
	t.mu.Unlock()
}

// begin records the start of a request of the kind kindAuth or kindAPI;
// uri is its path and query. It returns the call ID the request belongs to
// ("" for none) and the function that records its end, with the status
// answered or the error.
func (t *tracker) begin(kind, method, path, uri string) (string, func(status int, err error)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.seq++
	seq := t.seq
	t.open[seq] = now
	t.last, t.seen = now, true
	refresh := kind == kindAuth && path == t.contract.RefreshPath
	if refresh {
		t.refresh++
	}
	var call *tcall
	if kind == kindAPI {
		call = t.link(method, path, uri, now)
	}
	id := ""
	if call != nil {
		id = call.c.ID
		call.open++
		call.sent++
		call.began = now
	}
	var once sync.Once
	return id, func(status int, err error) {
		once.Do(func() {
			t.mu.Lock()
			defer t.mu.Unlock()
			end := t.now()
			delete(t.open, seq)
			if refresh {
				t.refresh--
				t.refreshed = end
			}
			t.last = end
			if call != nil {
				call.open--
				call.status, call.err, call.end = status, err, end
			}
		})
	}
}

// link finds the call an API request belongs to: a replay of the first
// call of the round with its method and path whose last request got a 401
// or failed and is not in flight, else a new call of the current phase,
// else none. A client replays a request once a refresh is over, so a
// request is a replay only when no refresh is in flight and one ended
// after the call's last request began (the refresh that request waited
// for, or the one its late 401 came after); what the app fires before
// that (a second click, late calls) are calls of their own.
func (t *tracker) link(method, path, uri string, now time.Duration) *tcall {
	base := method + " " + path
	for _, c := range t.calls {
		if t.refresh == 0 && t.refreshed > c.began && c.base == base && c.open == 0 && c.sent > 0 &&
			(c.status == 401 || c.err != nil && c.err != errCanceled) {
			return c
		}
	}
	if t.phase == "" {
		return nil
	}
	t.counts[t.phase]++
	c := &tcall{base: base, c: conformance.Call{
		ID:    fmt.Sprintf("r%d-%c%d", t.round, t.phase[0], t.counts[t.phase]),
		Phase: t.phase, Method: method, Path: uri, Start: now,
	}}
	t.calls = append(t.calls, c)
	return c
}

// firstRequestWait is how long after a phase started the network counts
// as busy when the app has sent nothing yet: an app may take a moment
// (a render, a debounce) between the click and its requests.
const firstRequestWait = 500 * time.Millisecond

// idle reports whether the network has been quiet for at least quiet: no
// auth or API request of the round in flight (one the app began before,
// such as a session restore at start-up that never ends, does not count),
// none ended within quiet, and the phase's requests had time to begin. It
// also returns when it went quiet.
func (t *tracker) idle(quiet time.Duration) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if !t.seen && (t.phase != "" || t.arriving) && now-t.started < firstRequestWait {
		return false, t.last
	}
	for _, began := range t.open {
		if began >= t.from {
			return false, t.last
		}
	}
	return now-t.last >= quiet, max(t.last, t.started)
}

// settled is a call as take returns it: the call with the outcome the
// network shows, and whether the app's own view is needed to settle it.
type settled struct {
	conformance.Call
	// Unresolved: the call's last request got a 401 or failed, and the
	// app did not replay it; the network cannot tell whether the app
	// rejected the call or still waits on it.
	Unresolved bool
}

// take returns the calls that began since the last take, as the network
// shows them now.
func (t *tracker) take() []settled {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []settled
	for _, c := range t.calls[t.taken:] {
		s := settled{Call: c.c}
		switch {
		case c.open > 0:
			s.Outcome = conformance.OutcomePending
		case c.err == errCanceled:
			s.Outcome, s.End, s.Error = conformance.OutcomeError, c.end, "the page canceled the request"
		case c.err != nil:
			s.Outcome, s.End, s.Error, s.Unresolved = conformance.OutcomeUnknown, c.end, "the request failed: "+c.err.Error(), true
		case c.status == 401:
			s.Outcome, s.End, s.Status, s.Unresolved = conformance.OutcomeUnknown, c.end, 401, true
		default:
			s.Outcome, s.End, s.Status = conformance.OutcomeOK, c.end, c.status
		}
		out = append(out, s)
	}
	t.taken = len(t.calls)
	return out
}
