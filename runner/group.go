package runner

import (
	"context"
	"net/url"
	"sync"
	"time"

	"github.com/authconform/authconform/conformance"
)

// group tracks calls issued together until they settle.
type group struct {
	r       *run
	mu      sync.Mutex
	calls   []*conformance.Call
	pending int
	frozen  bool
	changed chan struct{} // signalled when a call settles
}

func newGroup(r *run) *group {
	return &group{r: r, changed: make(chan struct{}, 1)}
}

// issue starts one call. An empty target means the workload's next API path.
func (g *group) issue(ctx context.Context, phase conformance.Phase, id, target string) {
	spec, done := g.prepare(phase, id, target)
	g.r.sess.Issue(ctx, spec, done)
}

// issueAll starts calls together: in one step when the session can batch.
func (g *group) issueAll(ctx context.Context, phase conformance.Phase, ids, targets []string) {
	b, ok := g.r.sess.(Batcher)
	if !ok {
		for i, id := range ids {
			g.issue(ctx, phase, id, targets[i])
		}
		return
	}
	specs := make([]CallSpec, len(ids))
	dones := make(map[string]func(Result), len(ids))
	for i, id := range ids {
		specs[i], dones[id] = g.prepare(phase, id, targets[i])
	}
	b.IssueAll(ctx, specs, func(id string, res Result) {
		if done, ok := dones[id]; ok {
			done(res)
		}
	})
}

// prepare records a call as issued now and returns its spec and the
// function that settles it.
func (g *group) prepare(phase conformance.Phase, id, target string) (CallSpec, func(Result)) {
	path := target
	if path == "" {
		path = g.r.sc.Workload.Path(g.r.issued)
		g.r.issued++
	}
	path = withCall(path, id)
	c := &conformance.Call{ID: id, Phase: phase, Method: "GET", Path: path, Outcome: conformance.OutcomePending}
	g.mu.Lock()
	c.Start = g.r.now()
	g.calls = append(g.calls, c)
	g.pending++
	g.mu.Unlock()
	return CallSpec{ID: id, Method: c.Method, Path: path}, func(res Result) {
		end := g.r.now()
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.frozen || c.Outcome != conformance.OutcomePending {
			return // settled after the evidence was taken, or twice
		}
		c.End = end
		c.Status = res.Status
		if res.Err != nil {
			c.Outcome = conformance.OutcomeError
			c.Error = res.Err.Error()
		} else {
			c.Outcome = conformance.OutcomeOK
		}
		g.pending--
		select {
		case g.changed <- struct{}{}:
		default:
		}
	}
}

// wait returns when every call has settled (the time the last one did) or
// at the deadline (then the deadline).
func (g *group) wait(ctx context.Context, deadline time.Duration) time.Duration {
	for {
		g.mu.Lock()
		if g.pending == 0 {
			last := time.Duration(0)
			for _, c := range g.calls {
				last = max(last, c.End)
			}
			g.mu.Unlock()
			return last
		}
		g.mu.Unlock()
		left := deadline - g.r.now()
		if left <= 0 {
			return deadline
		}
		t := time.NewTimer(left)
		select {
		case <-g.changed:
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return g.r.now()
		}
		t.Stop()
	}
}

// freeze returns copies of the calls as they stand; later settlements are
// ignored, so a call pending at its deadline stays pending in the evidence.
func (g *group) freeze() []conformance.Call {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.frozen = true
	out := make([]conformance.Call, len(g.calls))
	for i, c := range g.calls {
		out[i] = *c
	}
	return out
}

// withCall adds the call ID to a path or URL's query.
func withCall(path, id string) string {
	sep := "?"
	for i := 0; i < len(path); i++ {
		if path[i] == '?' {
			sep = "&"
			break
		}
	}
	return path + sep + conformance.CallParam + "=" + url.QueryEscape(id)
}
