package runner_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/authconform/authconform/clients/go/mutants"
	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/runner/target"
	"github.com/authconform/authconform/scenarios"
)

// browserOnly are the rules no Go target can be judged on: a Go client has
// no page scripts.
var browserOnly = map[string]bool{"SEC-1": true}

// wantFailed is the exact set of rules each Go target fails, over every
// scenario of the catalogue in both credential styles. The references fail
// none.
var wantFailed = map[string][]string{
	"go":          nil,
	"go:textbook": nil,
	"go:M1":       {"LO-1", "LO-2", "NL-2", "RJ-1", "RS-1", "SF-2"},
	"go:M2":       {"RS-1", "SF-1", "SF-2"},
	"go:M3":       {"RJ-1", "RS-1", "SF-2", "TO-1", "TR-1"},
	"go:M4":       {"LO-3", "NL-1"},
	"go:M5":       {"RP-1", "RS-1", "SF-2", "TR-2"},
	"go:M6":       {"SF-1", "SF-3"},
	"go:M7":       {"LO-2", "RP-1", "RS-1", "RT-1", "SF-1", "SF-2", "SF-3", "TR-1"},
	"go:M8":       {"SF-1"},
	"go:M9":       {"LO-1", "RJ-1", "RR-1", "SF-2"},
	"go:M10":      {"LO-2", "NL-2", "RR-1"},
	"go:M13":      {"TR-2"},
	"go:M14":      {"RJ-2"},
	"go:M15":      {"RJ-1", "TO-1"},
	"go:LOG":      {"LO-1", "LO-2", "NL-2", "RR-1"},
	"go:RETRY":    {"RJ-1", "TO-1", "TR-1"},
	"go:SILENT":   {"LO-2"},
	"go:LEAK":     {"SEC-2"},
}

// racyGo are rules a Go mutant may fail or not from one run to the next,
// because its pattern races with the machine's load. M6 refreshes again on
// any 401 that arrives after a refresh finished: on a loaded machine one of
// the burst's own 401s can come back after a refused refresh has ended, and
// M6 then refreshes a second time (RR-1) and logs out twice (LO-2). Its
// own rules, SF-1 and SF-3, fail every time.
var racyGo = map[string][]string{
	"go:M6": {"LO-2", "RR-1"},
}

// TestSelfTest proves the suite has teeth: it runs the reference, the
// mutants' correct base and every Go mutant through every scenario in both
// styles, and checks the exact set of rules each one fails. A mutant that
// fails no rule, or a rule that no mutant fails, fails the test.
func TestSelfTest(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every Go target through every scenario")
	}
	targets := []string{"go", "go:textbook"}
	for _, m := range mutants.All() {
		targets = append(targets, "go:"+m.ID)
	}
	selfTest(t, targets, fakeauth.Styles, map[string]bool{"go": true, "go:textbook": true}, wantFailed, racyGo, browserOnly)
	for _, m := range mutants.All() {
		assertSubset(t, "go:"+m.ID, m.Breaks, wantFailed["go:"+m.ID])
	}
}

// assertSubset checks that the rules a mutant says it breaks are among the
// rules it is measured to fail: `authconform list mutants` tells the truth.
func assertSubset(t *testing.T, name string, designed, measured []string) {
	t.Helper()
	for _, r := range designed {
		if !slices.Contains(measured, r) {
			t.Errorf("%s is documented to break %s, but the self-test finds it fails only {%s}", name, r, strings.Join(measured, " "))
		}
	}
}

// selfTest runs every target through every scenario in the styles given,
// checks the exact set of rules each fails (want), that the correct ones
// leave no rule they are judged on undecided, and that every rule but the
// exempt ones is failed by some target.
//
// racy lists, per target, rules it may fail or not from one run to the
// next, because the pattern itself races (documented where it is set): the
// target must fail exactly want, plus any of racy.
func selfTest(t *testing.T, targets []string, styles []fakeauth.Style, correct map[string]bool, want, racy map[string][]string, exempt map[string]bool) {
	t.Helper()
	got := map[string]map[string][]string{} // target -> rule -> where it failed
	var mu sync.Mutex
	var wg sync.WaitGroup
	all := make(chan struct{}, 96)
	for _, name := range targets {
		got[name] = map[string][]string{}
		tg, err := target.Parse(name)
		if err != nil {
			t.Fatal(err)
		}
		d, err := tg.Driver()
		if err != nil {
			t.Fatal(err)
		}
		sem := all
		if n := tg.Concurrency(); n > 0 {
			sem = kindLimit(tg.Kind, n)
		}
		for _, style := range styles {
			for _, sc := range scenarios.Catalogue() {
				wg.Add(1)
				go func() {
					defer wg.Done()
					sem <- struct{}{}
					defer func() { <-sem }()
					ev, err := runner.Run(context.Background(), sc, d, runner.Options{Target: name, Style: style})
					if err != nil {
						t.Errorf("%s %s %s: %v", name, sc.ID, style, err)
						return
					}
					where := fmt.Sprintf("%s/%s", sc.ID, style)
					if len(ev.Problems) > 0 {
						t.Logf("%s %s: problems: %v", name, where, ev.Problems)
					}
					for _, v := range conformance.Judge(ev, sc.Judges) {
						mu.Lock()
						switch {
						case v.Status == conformance.Fail:
							got[name][v.Rule] = append(got[name][v.Rule], where)
						case v.Status == conformance.NotJudged && correct[name] && !exempt[v.Rule]:
							// The correct clients show that every scenario
							// produces the evidence its rules need.
							t.Errorf("%s: [%s] %s not judged: %s", name, v.Rule, where, v.Reason)
						}
						mu.Unlock()
					}
				}()
			}
		}
	}
	wg.Wait()

	caught := map[string]bool{}
	for _, name := range targets {
		var rules []string
		for r, where := range got[name] {
			rules = append(rules, r)
			caught[r] = true
			sort.Strings(where)
		}
		sort.Strings(rules)
		w := append([]string(nil), want[name]...)
		for _, r := range racy[name] {
			if slices.Contains(rules, r) && !slices.Contains(w, r) {
				w = append(w, r)
			}
		}
		sort.Strings(w)
		if strings.Join(rules, " ") != strings.Join(w, " ") {
			var detail []string
			for _, r := range rules {
				detail = append(detail, fmt.Sprintf("%s in %s", r, strings.Join(got[name][r], ", ")))
			}
			t.Errorf("%s fails {%s}; want {%s}\n  %s", name, strings.Join(rules, " "), strings.Join(w, " "), strings.Join(detail, "\n  "))
		}
		if !correct[name] && len(rules) == 0 {
			t.Errorf("mutant %s fails no rule: the suite does not catch it", name)
		}
	}
	for _, r := range conformance.Rules() {
		if !caught[r.ID] && !exempt[r.ID] {
			t.Errorf("rule %s is failed by no mutant here: it is not tested", r.ID)
		}
	}
}

var (
	limitsMu sync.Mutex
	limits   = map[string]chan struct{}{}
)

// kindLimit is the semaphore shared by every run of one kind of target.
func kindLimit(kind string, n int) chan struct{} {
	limitsMu.Lock()
	defer limitsMu.Unlock()
	if limits[kind] == nil {
		limits[kind] = make(chan struct{}, n)
	}
	return limits[kind]
}
