package conformance

import (
	"strings"
	"testing"
)

// briefRules is the product brief's table (section 2): IDs in order, with
// their levels.
var briefRules = []struct {
	id    string
	level Level
}{
	{"SF-1", Must}, {"SF-2", Must}, {"SF-3", Must}, {"RP-1", Must}, {"RJ-1", Must}, {"RJ-2", Must},
	{"RR-1", Must}, {"LO-1", Must}, {"LO-2", Should}, {"LO-3", Must}, {"NL-1", Must}, {"NL-2", Must},
	{"TR-1", Must}, {"TR-2", Should}, {"TO-1", Must}, {"RT-1", Must}, {"RS-1", Must}, {"SEC-1", Should},
	{"SEC-2", Must},
}

func TestRulesFollowTheBrief(t *testing.T) {
	rules := Rules()
	if len(rules) != len(briefRules) {
		t.Fatalf("got %d rules; want %d", len(rules), len(briefRules))
	}
	seen := make(map[string]bool)
	for i, r := range rules {
		if seen[r.ID] {
			t.Errorf("rule %s: got it twice; want unique IDs", r.ID)
		}
		seen[r.ID] = true
		if want := briefRules[i]; r.ID != want.id || r.Level != want.level {
			t.Errorf("rule %d: got %s %s; want %s %s", i, r.ID, r.Level, want.id, want.level)
		}
		for field, text := range map[string]string{"Title": r.Title, "Requirement": r.Requirement, "Rationale": r.Rationale} {
			if strings.TrimSpace(text) == "" {
				t.Errorf("rule %s: got an empty %s; want one", r.ID, field)
			}
		}
		if r.Judge == nil {
			t.Errorf("rule %s: got no judge", r.ID)
		}
	}
}

func TestRulesIsACopy(t *testing.T) {
	rules := Rules()
	rules[0].ID = "XX-1"
	if got := Rules()[0].ID; got != "SF-1" {
		t.Errorf("got %s; want SF-1", got)
	}
}

func TestLookup(t *testing.T) {
	for _, tc := range []struct {
		name string
		id   string
		ok   bool
	}{
		{"known", "RJ-2", true},
		{"unknown", "RJ-9", false},
		{"case matters", "sf-1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, ok := Lookup(tc.id)
			if ok != tc.ok || (ok && r.ID != tc.id) {
				t.Errorf("got %s %v; want %s %v", r.ID, ok, tc.id, tc.ok)
			}
		})
	}
}

func TestJudgeUnknownRuleFails(t *testing.T) {
	vs := Judge(happy().done(), []string{"SF-1", "SF-9", "RP-1"})
	if len(vs) != 3 {
		t.Fatalf("got %d verdicts; want 3", len(vs))
	}
	v := vs[1]
	if v.Rule != "SF-9" || v.Status != Fail || v.Level != Must || !v.Failed(false) {
		t.Errorf("got %+v; want a failed MUST verdict for SF-9", v)
	}
	if !strings.Contains(v.Actual, `unknown rule "SF-9"`) || !strings.Contains(v.Reason, "SF-1, SF-2") {
		t.Errorf("got %q / %q; want it to name the rule and the known ones", v.Actual, v.Reason)
	}
	if !strings.Contains(v.Message(), "[SF-9] unknown rule (MUST)") {
		t.Errorf("got %q; want the unknown rule in the message", v.Message())
	}
	if vs[0].Rule != "SF-1" || vs[2].Rule != "RP-1" {
		t.Errorf("got %s, %s; want SF-1, RP-1 in the order asked", vs[0].Rule, vs[2].Rule)
	}
	if got := Judge(happy().done(), nil); len(got) != 0 {
		t.Errorf("got %d verdicts for no IDs; want 0", len(got))
	}
}

func TestVerdictFailed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		v      Verdict
		strict bool
		want   bool
	}{
		{"MUST fail", Verdict{Level: Must, Status: Fail}, false, true},
		{"SHOULD fail", Verdict{Level: Should, Status: Fail}, false, false},
		{"SHOULD fail, strict", Verdict{Level: Should, Status: Fail}, true, true},
		{"MUST pass", Verdict{Level: Must, Status: Pass}, true, false},
		{"MUST not judged", Verdict{Level: Must, Status: NotJudged}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.v.Failed(tc.strict); got != tc.want {
				t.Errorf("got %v; want %v", got, tc.want)
			}
		})
	}
}

func TestVerdictMessage(t *testing.T) {
	ev := happy().refresh(14, 21, 200, 1).cred("spent").done()
	v := Judge(ev, []string{"SF-1"})[0]
	msg := v.Message()
	r, _ := Lookup("SF-1")
	for _, want := range []string{
		"[SF-1] one refresh per expiry (MUST)\n" + r.Requirement + "\n",
		"verdict: fail",
		"expected: exactly 1 refresh call",
		"actual: 2 refresh calls",
		"  +   13.0ms  refresh POST /auth/refresh",
		"  +   14.0ms  refresh POST /auth/refresh",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("got message\n%s\nwant it to contain %q", msg, want)
		}
	}
	nj := Judge(build().done(), []string{"SF-1"})[0].Message()
	if !strings.Contains(nj, "verdict: not-judged") || !strings.Contains(nj, "reason: "+reasonNo401) {
		t.Errorf("got %q; want the status and reason", nj)
	}
}

func TestVerdictLinesAreCapped(t *testing.T) {
	b := happy()
	for i := 0; i < 100; i++ {
		b.refresh(14, 21, 200, 1)
	}
	v := Judge(b.done(), []string{"SF-1"})[0]
	if len(v.Lines) != maxLines+1 || !strings.HasPrefix(v.Lines[maxLines], "... and ") {
		t.Errorf("got %d lines ending %q; want %d and a count of the rest", len(v.Lines), v.Lines[len(v.Lines)-1], maxLines+1)
	}
}
