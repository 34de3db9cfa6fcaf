package fakeauth

import (
	"fmt"
	"sync"
)

// scriptState is a loaded script with the progress of each endpoint's steps.
type scriptState struct {
	script  Script
	cursors map[Endpoint]*cursor
	// noReuse: the script drops connections, so every answer closes its
	// connection. Browsers and HTTP libraries silently resend a request
	// whose reused keep-alive connection was reset; on a fresh connection
	// they report the error, as a client meeting a dropped connection
	// should see it.
	noReuse bool
}

// cursor walks one endpoint's steps.
type cursor struct {
	mu    sync.Mutex
	steps []Step
	idx   int // current step
	taken int // requests the current step has taken
}

// LoadScript replaces the script and restarts every endpoint's steps.
func (s *Server) LoadScript(sc Script) error {
	if err := sc.Validate(); err != nil {
		return err
	}
	st := &scriptState{script: sc.withDefaults(), cursors: map[Endpoint]*cursor{}}
	for ep, steps := range sc.Behaviours {
		if len(steps) > 0 {
			st.cursors[ep] = &cursor{steps: append([]Step(nil), steps...)}
		}
		for _, step := range steps {
			if _, drop := step.Action.(*Drop); drop {
				st.noReuse = true
			}
		}
	}
	s.script.Store(st)
	return nil
}

// Script returns the script in force, defaults filled in.
func (s *Server) Script() Script { return s.script.Load().script }

// take returns the step a request takes, or -1 and nil when the server
// should answer as itself. Only the current step is considered: a request
// it does not match leaves it in place.
func (c *cursor) take(cred Cred, method, path string) (int, *Step) {
	if c == nil {
		return -1, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.idx >= len(c.steps) {
		return -1, nil
	}
	st := &c.steps[c.idx]
	if !st.When.matches(cred, method, path) {
		return -1, nil
	}
	i := c.idx
	c.taken++
	if st.Times > 0 && c.taken >= st.Times {
		c.idx++
		c.taken = 0
	}
	return i, st
}

// Progress reports, per scripted endpoint, the index of the current step and
// how many requests it has taken: "refresh: step 1 of 2, 0 taken".
func (s *Server) Progress() map[Endpoint]string {
	out := map[Endpoint]string{}
	for ep, c := range s.script.Load().cursors {
		c.mu.Lock()
		out[ep] = fmt.Sprintf("step %d of %d, %d taken", c.idx, len(c.steps), c.taken)
		c.mu.Unlock()
	}
	return out
}
