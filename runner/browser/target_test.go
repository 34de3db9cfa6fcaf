package browser_test

import (
	"context"
	"strings"
	"testing"

	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/runner/browser"
	"github.com/authconform/authconform/runner/target"
	"github.com/authconform/authconform/scenarios"
)

// TestWebTarget checks the "web" kind of target: its names, its errors, a
// run through it, and that its Close stops the browser it started.
func TestWebTarget(t *testing.T) {
	for _, tt := range []struct {
		name string
		want string // the driver's variant, or the error's text
	}{
		{"web", "reference"},
		{"web:m1", "M1"},
		{"web:STORAGE", "STORAGE"},
		{"web:M99", `unknown web app variant "M99" (want one of reference, M1, M2`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tg, err := target.Parse(tt.name)
			got := ""
			if err != nil {
				got = err.Error()
			} else if d, err := tg.Driver(); err != nil {
				got = err.Error()
			} else {
				got = d.(*browser.Driver).Variant()
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}

	var usage []string
	for _, k := range target.Kinds() {
		for _, u := range k.Usage {
			usage = append(usage, u.Name)
		}
	}
	if got := strings.Join(usage, " "); !strings.Contains(got, "web web:<mutant>") {
		t.Errorf("got usage %q; want web and web:<mutant>", got)
	}

	tg, err := target.Parse("web")
	if err != nil {
		t.Fatal(err)
	}
	d, err := tg.Driver()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := tg.Driver(); again != d {
		t.Error("two drivers for one variant; want the kind to share one")
	}
	sc, err := scenarios.Lookup("expired-access")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := runner.Run(context.Background(), sc, d, runner.Options{Target: tg.Name})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range ev.Rounds[0].Calls {
		if !c.Succeeded() {
			t.Errorf("call %s: got %s %d %q; want a 2xx", c.ID, c.Outcome, c.Status, c.Error)
		}
	}
	if err := target.CloseAll(); err != nil {
		t.Fatal(err)
	}
	if _, err := runner.Run(context.Background(), sc, d, runner.Options{Target: tg.Name}); err == nil {
		t.Error("a run through a closed kind's driver worked; want an error")
	}
}
