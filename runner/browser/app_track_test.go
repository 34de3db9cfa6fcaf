package browser

import (
	"testing"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
)

// The tracker ties an app's requests to calls from method, path and the
// refreshes around them; these are the orders a loaded machine produces.
func TestTrackerLinks(t *testing.T) {
	var now time.Duration
	tick := func() time.Duration { now += time.Millisecond; return now }
	c := fakeauth.DefaultContract
	type req struct {
		kind, path string
		status     int
		want       string // the call ID it must carry
	}
	cases := []struct {
		name  string
		steps []any // conformance.Phase starts a phase, req is a request answered at once, []req are requests in flight together
		calls int
	}{
		{name: "a replay follows the refresh", calls: 1, steps: []any{
			conformance.PhaseBurst,
			req{kindAPI, "/api/a", 401, "r1-b1"},
			req{kindAuth, c.RefreshPath, 200, ""},
			req{kindAPI, "/api/a", 200, "r1-b1"},
		}},
		{name: "a second click before any refresh is a call of its own", calls: 3, steps: []any{
			conformance.PhaseBurst,
			req{kindAPI, "/api/a", 401, "r1-b1"},
			conformance.PhaseLate,
			req{kindAPI, "/api/a", 401, "r1-l1"},
			req{kindAuth, c.RefreshPath, 200, ""},
			req{kindAPI, "/api/a", 200, "r1-b1"},
			req{kindAPI, "/api/a", 200, "r1-l1"},
			req{kindAPI, "/api/a", 200, "r1-l2"},
		}},
		{name: "requests while the refresh is in flight are new", calls: 2, steps: []any{
			conformance.PhaseBurst,
			req{kindAPI, "/api/a", 401, "r1-b1"},
			[]req{{kindAuth, c.RefreshPath, 200, ""}, {kindAPI, "/api/a", 401, "r1-b2"}},
			req{kindAPI, "/api/a", 200, "r1-b1"},
			req{kindAPI, "/api/a", 200, "r1-b2"},
		}},
		{name: "a blind replay after a failed refresh is still the call's", calls: 1, steps: []any{
			conformance.PhaseBurst,
			req{kindAPI, "/api/a", 401, "r1-b1"},
			req{kindAuth, c.RefreshPath, 401, ""},
			req{kindAPI, "/api/a", 401, "r1-b1"},
		}},
		{name: "before any phase nothing is a call", calls: 0, steps: []any{
			req{kindAPI, "/api/a", 401, ""},
			req{kindAuth, c.RefreshPath, 200, ""},
			req{kindAPI, "/api/a", 200, ""},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tr := newTracker(tick, c)
			do := func(rs ...req) {
				ends := make([]func(int, error), len(rs))
				for i, r := range rs {
					var id string
					id, ends[i] = tr.begin(r.kind, "GET", r.path, r.path)
					if id != r.want {
						t.Errorf("%s %s: got call %q; want %q", r.kind, r.path, id, r.want)
					}
				}
				for i, r := range rs {
					tick()
					ends[i](r.status, nil)
				}
			}
			for _, st := range tc.steps {
				switch s := st.(type) {
				case conformance.Phase:
					tr.start(1, s)
				case req:
					do(s)
				case []req:
					do(s...)
				}
			}
			if got := len(tr.take()); got != tc.calls {
				t.Errorf("calls: got %d; want %d", got, tc.calls)
			}
		})
	}
}
