package process

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
)

// The bounds of what a session keeps.
const (
	consoleHead     = 50  // first stderr lines and events kept
	consoleTail     = 150 // last ones kept
	maxProblems     = 20  // protocol problems kept (the rest are counted)
	stderrInErr     = 10  // stderr lines quoted in an error
	stderrLineInErr = 300 // bytes of each
	garbageInErr    = 3   // stray stdout lines quoted in a Start error
)

// session is one client process during one run.
type session struct {
	d       Driver
	user    fakeauth.User
	p       *proc
	w       *writer
	console *lines // stderr lines and events: the evidence
	stderr  *lines // the last stderr lines, for error messages

	helloCh    chan incoming // the client's hello
	dead       chan struct{} // closed once the client can answer nothing more
	readers    sync.WaitGroup
	stdoutDone chan struct{}
	stderrDone chan struct{}
	watchDone  chan struct{}

	mu         sync.Mutex
	waiting    map[string]*waiter // commands sent and not yet answered
	answered   map[string]bool    // ids answered (or given up on)
	seq        int                // numbers login and state commands
	helloSeen  bool
	closing    bool // shutdown sent: an exit is expected now
	earlyDeath bool // the client stopped before the shutdown
	logouts    int  // logout events
	problems   []problem
	dropped    int      // problems not kept
	garbage    []string // the first stray stdout lines, for a Start error
}

// waiter is a command waiting for its reply: a request's done func, or a
// channel for login and state.
type waiter struct {
	kind string
	done func(runner.Result)
	ch   chan incoming
}

var (
	_ runner.Session = (*session)(nil)
	_ runner.Console = (*session)(nil)
)

func newSession(d Driver, user fakeauth.User, p *proc) *session {
	s := &session{
		d: d, user: user, p: p, w: newWriter(p.stdin),
		console:    newLines(consoleHead, consoleTail),
		stderr:     newLines(0, stderrInErr),
		helloCh:    make(chan incoming, 1),
		dead:       make(chan struct{}),
		stdoutDone: make(chan struct{}),
		stderrDone: make(chan struct{}),
		watchDone:  make(chan struct{}),
		waiting:    map[string]*waiter{},
		answered:   map[string]bool{},
	}
	s.readers.Add(2)
	go s.readStdout()
	go s.readStderr()
	go s.watch()
	return s
}

// Login asks the client to log in and waits for its answer, the client's
// death or ctx.
func (s *session) Login(ctx context.Context) error {
	id := s.nextID("login")
	m, err := s.call(ctx, id, typeLogin, login{Type: typeLogin, ID: id, Username: s.user.Name, Password: s.user.Password})
	if err != nil {
		return err
	}
	if m.Error != "" {
		return fmt.Errorf("process: the client's login failed: %s", m.Error)
	}
	return nil
}

// Issue sends one request; done is called from the stdout reader when the
// client answers it. A request to a dead client never settles: it is
// pending at the deadline, and the death is on record.
func (s *session) Issue(_ context.Context, c runner.CallSpec, done func(runner.Result)) {
	s.mu.Lock()
	id := c.ID
	for n := 2; s.answered[id] || s.waiting[id] != nil; n++ {
		id = fmt.Sprintf("%s#%d", c.ID, n) // IDs are the harness's promise to be unique; keep it anyway
	}
	if s.isDead() {
		s.mu.Unlock()
		return
	}
	s.waiting[id] = &waiter{kind: typeRequest, done: done}
	s.mu.Unlock()
	s.w.send(request{Type: typeRequest, ID: id, Method: c.Method, Path: c.Path})
}

// State asks the client for its auth state.
func (s *session) State(ctx context.Context) (*conformance.State, error) {
	id := s.nextID("state")
	m, err := s.call(ctx, id, typeState, command{Type: typeState, ID: id})
	if err != nil {
		return nil, err
	}
	if m.Error != "" {
		return nil, fmt.Errorf("process: the client could not report its state: %s", m.Error)
	}
	if m.State == nil {
		s.problem("nostate", "the answer to %s carried no \"state\" object", id)
		return nil, fmt.Errorf("process: the client's answer to %s carried no \"state\" object", id)
	}
	st := &conformance.State{LoggedOut: m.State.LoggedOut, Credentials: m.State.Credentials}
	s.mu.Lock()
	st.Logouts = s.logouts
	s.mu.Unlock()
	if m.State.Logouts != nil {
		st.Logouts = *m.State.Logouts
	}
	return st, nil
}

// Console returns the client's stderr lines and events, bounded.
func (s *session) Console() []string { return s.console.all() }

func (s *session) nextID(kind string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%s-%d", kind, s.seq)
}

// call sends a command and waits for its reply, the client's death or ctx.
func (s *session) call(ctx context.Context, id, kind string, msg any) (incoming, error) {
	w := &waiter{kind: kind, ch: make(chan incoming, 1)}
	s.mu.Lock()
	if s.isDead() {
		s.mu.Unlock()
		return incoming{}, s.deadError()
	}
	s.waiting[id] = w
	s.mu.Unlock()
	start := time.Now()
	s.w.send(msg)
	select {
	case m := <-w.ch:
		return m, nil
	case <-s.dead:
		select {
		case m := <-w.ch: // answered just before it died
			return m, nil
		default:
			return incoming{}, s.deadError()
		}
	case <-ctx.Done():
		// A late answer is still welcome (not an unknown id), but nobody
		// waits for it.
		return incoming{}, fmt.Errorf("process: the client did not answer %s within %v: %w", id, time.Since(start).Round(time.Millisecond), ctx.Err())
	}
}

func (s *session) isDead() bool {
	select {
	case <-s.dead:
		return true
	default:
		return false
	}
}

// unanswered lists the requests still waiting, sorted.
func (s *session) unanswered() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id, w := range s.waiting {
		if w.kind == typeRequest {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}
