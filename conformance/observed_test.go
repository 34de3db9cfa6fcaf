package conformance

import (
	"strings"
	"testing"
)

// Calls observed on the network, not reported by the client: a pass that
// may rest on a call whose outcome nobody saw is not judged; other
// verdicts name the evidence that decided them.
func TestObserved(t *testing.T) {
	unknown := func(ids ...string) func(*Evidence) {
		return func(ev *Evidence) {
			ev.Observed = "the network alone"
			rd := &ev.Rounds[0]
			for i := range rd.Calls {
				for _, id := range ids {
					if rd.Calls[i].ID == id {
						rd.Calls[i].Outcome, rd.Calls[i].Error = OutcomeUnknown, ""
					}
				}
			}
		}
	}
	observed := func(ev *Evidence) { ev.Observed = "the network, and the app's pending count" }
	tests := []struct {
		name string
		rule string
		ev   *builder
		want Status
		says string
	}{
		{name: "reported calls are untouched", rule: "RJ-1", ev: terminal(), want: Pass, says: ""},
		{name: "observed calls name the evidence", rule: "RJ-1", ev: terminal().with(observed), want: Pass,
			says: "decided from the network, and the app's pending count"},
		{name: "a pass resting on unknown calls is not judged", rule: "RJ-1", ev: terminal().with(unknown("c2")),
			want: NotJudged, says: "1 call ended on the network with a 401 or an error and no replay, and nothing shows what the app did with it (c2): give the profile evidence.pending"},
		{name: "a failure stands, with its evidence", rule: "RJ-1",
			ev: terminal().pending("c1").with(unknown("c2")), want: Fail, says: "decided from the network alone"},
		{name: "rules that read only the journal are untouched", rule: "SF-1", ev: happy().with(unknown("c1")),
			want: Pass, says: ""},
		{name: "not judged stays so", rule: "RP-1", ev: terminal().with(unknown("c1")), want: NotJudged,
			says: "no refresh succeeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Judge(tt.ev.done(), []string{tt.rule})[0]
			if v.Status != tt.want {
				t.Fatalf("status: got %s; want %s (%s)", v.Status, tt.want, v.Message())
			}
			if tt.says == "" && strings.Contains(v.Reason, "decided from") {
				t.Errorf("reason: got %q; want no evidence named", v.Reason)
			}
			if !strings.Contains(v.Reason, tt.says) {
				t.Errorf("reason: got %q; want it to contain %q", v.Reason, tt.says)
			}
		})
	}
}

func TestTimelineSaysWhereCallsWereRead(t *testing.T) {
	ev := happy().with(func(ev *Evidence) { ev.Observed = "the network, through the harness's front" }).done()
	if first, _, _ := strings.Cut(Timeline(ev), "\n"); first != "calls read from the network, through the harness's front" {
		t.Errorf("first line: got %q", first)
	}
	if first, _, _ := strings.Cut(Timeline(happy().done()), "\n"); strings.HasPrefix(first, "calls read from") {
		t.Errorf("a client that reports its calls: got %q", first)
	}
}
