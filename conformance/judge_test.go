package conformance

import (
	"strings"
	"testing"
)

// judgeCase is one hand-built piece of evidence and the verdict one rule
// must give on it.
type judgeCase struct {
	rule string
	name string
	ev   *builder
	want Status
	// says is a substring of the verdict's Actual or Reason.
	says string
}

func allCases() []judgeCase {
	var all []judgeCase
	for _, cs := range [][]judgeCase{refreshCases(), failureCases(), logoutCases(), transientCases(), securityCases()} {
		all = append(all, cs...)
	}
	return all
}

func TestJudgeRules(t *testing.T) {
	for _, tc := range allCases() {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			vs := Judge(tc.ev.done(), []string{tc.rule})
			if len(vs) != 1 {
				t.Fatalf("got %d verdicts; want 1", len(vs))
			}
			v := vs[0]
			r, _ := Lookup(tc.rule)
			if v.Rule != tc.rule || v.Level != r.Level {
				t.Errorf("got rule %s %s; want %s %s", v.Rule, v.Level, tc.rule, r.Level)
			}
			if v.Status != tc.want {
				t.Errorf("got %v; want %v\n%s", v.Status, tc.want, v.Message())
			}
			if text := v.Actual + " | " + v.Reason; !strings.Contains(text, tc.says) {
				t.Errorf("got %q; want it to say %q", text, tc.says)
			}
			if v.Status != NotJudged && (v.Expected == "" || v.Actual == "") {
				t.Errorf("got expected %q, actual %q; want both", v.Expected, v.Actual)
			}
			if v.Status == NotJudged && v.Reason == "" {
				t.Errorf("got a not-judged verdict without a reason")
			}
		})
	}
}

// TestEveryRuleIsTested: each rule has a passing, a failing and a
// not-judged case.
func TestEveryRuleIsTested(t *testing.T) {
	seen := make(map[string]map[Status]bool)
	for _, tc := range allCases() {
		if _, ok := Lookup(tc.rule); !ok {
			t.Errorf("case %s/%s: unknown rule", tc.rule, tc.name)
		}
		if seen[tc.rule] == nil {
			seen[tc.rule] = make(map[Status]bool)
		}
		seen[tc.rule][tc.want] = true
	}
	for _, r := range Rules() {
		for _, s := range []Status{Pass, Fail, NotJudged} {
			if !seen[r.ID][s] {
				t.Errorf("rule %s: got no %s case; want one", r.ID, s)
			}
		}
	}
}

// TestJournalDropped: a rule that counts requests does not judge when the
// journal dropped entries, even on evidence it passes otherwise.
func TestJournalDropped(t *testing.T) {
	notCounting := map[string]bool{"LO-1": true, "SEC-1": true, "SEC-2": true}
	for _, tc := range allCases() {
		if tc.want != Pass {
			continue
		}
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			ev := tc.ev.done()
			ev.JournalDropped = 7
			v := Judge(ev, []string{tc.rule})[0]
			want := NotJudged
			if notCounting[tc.rule] {
				want = Pass
			}
			if v.Status != want {
				t.Errorf("got %v; want %v (%s)", v.Status, want, v.Reason)
			}
			if want == NotJudged && !strings.Contains(v.Reason, "dropped 7 entries") {
				t.Errorf("got reason %q; want it to say the journal dropped 7 entries", v.Reason)
			}
		})
	}
}

// TestNeedsCallIDs: rules that need call IDs do not judge without them,
// even on evidence they pass otherwise.
func TestNeedsCallIDs(t *testing.T) {
	for _, tc := range []struct {
		name string
		rule string
		ev   *builder
	}{
		{"waiting calls", "SF-2", happy()},
		{"late 401", "SF-3", lateOK()},
		{"replays", "RP-1", happy()},
		{"blind replay", "RJ-2", terminal()},
	} {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			if v := Judge(tc.ev.done(), []string{tc.rule})[0]; v.Status != Pass {
				t.Fatalf("with call IDs: got %v; want %v\n%s", v.Status, Pass, v.Message())
			}
			v := Judge(tc.ev.noCallIDs().done(), []string{tc.rule})[0]
			if v.Status != NotJudged || v.Reason != reasonNoCallIDs {
				t.Errorf("got %v %q; want %v %q", v.Status, v.Reason, NotJudged, reasonNoCallIDs)
			}
		})
	}
}

// TestNilEvidence: no evidence, no judgement.
func TestNilEvidence(t *testing.T) {
	for _, r := range Rules() {
		if v := r.Judge(nil); v.Status != NotJudged || v.Rule != r.ID {
			t.Errorf("%s: got %v for %s; want %v", r.ID, v.Status, v.Rule, NotJudged)
		}
	}
}

// TestNoRounds: evidence with nothing in it is never a pass.
func TestNoRounds(t *testing.T) {
	for _, r := range Rules() {
		if v := r.Judge(&Evidence{}); v.Status != NotJudged {
			t.Errorf("%s: got %v; want %v", r.ID, v.Status, NotJudged)
		}
	}
}
