package browser

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/scenarios"
)

// TestTabTime measures a tab's life: open (tab, browser context, page,
// ready), log in, close. It logs the times and asserts none.
func TestTabTime(t *testing.T) {
	d := appDriver(t, browser(t), "")
	srv, err := fakeauth.NewServer(fakeauth.Config{AllowOrigins: d.Origins()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	env := runner.Env{ServerURL: srv.URL, Contract: srv.Contract(), User: fakeauth.DefaultUser, RefreshTokens: srv.RefreshTokens}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const n = 5
	var open, login, close time.Duration
	for range n {
		t0 := time.Now()
		s, err := d.Start(ctx, env)
		if err != nil {
			t.Fatal(err)
		}
		t1 := time.Now()
		if err := s.Login(ctx); err != nil {
			t.Error(err)
		}
		t2 := time.Now()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
		open, login, close = open+t1.Sub(t0), login+t2.Sub(t1), close+time.Since(t2)
	}
	ms := func(d time.Duration) string { return (d / n).Round(100 * time.Microsecond).String() }
	t.Logf("tab, mean of %d: open %s (tab + browser context + page + ready), login %s, close %s", n, ms(open), ms(login), ms(close))
}

// TestCatalogueConcurrent runs the whole catalogue in both styles against
// the reference app, a few tabs at once, and logs the wall time. Every run
// must produce evidence; problems and failed verdicts, which depend on the
// machine's load, are logged.
func TestCatalogueConcurrent(t *testing.T) {
	const tabs = 8
	d := appDriver(t, browser(t), "")
	type job struct {
		sc    scenarios.Scenario
		style fakeauth.Style
		ev    *conformance.Evidence
		err   error
		took  time.Duration
	}
	var jobs []*job
	for _, sc := range scenarios.Catalogue() {
		for _, style := range fakeauth.Styles {
			jobs = append(jobs, &job{sc: sc, style: style})
		}
	}
	sem := make(chan struct{}, tabs)
	var wg sync.WaitGroup
	start := time.Now()
	for _, j := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			t0 := time.Now()
			j.ev, j.err = runner.Run(context.Background(), j.sc, d, runner.Options{Target: "web", Style: j.style})
			j.took = time.Since(t0)
		})
	}
	wg.Wait()
	wall := time.Since(start)

	var sum, longest time.Duration
	var longestName string
	var failed []string
	for _, j := range jobs {
		name := j.sc.ID + "/" + string(j.style)
		sum += j.took
		if j.took > longest {
			longest, longestName = j.took, name
		}
		if j.err != nil {
			t.Errorf("%s: %v", name, j.err)
			continue
		}
		if len(j.ev.Problems) > 0 {
			t.Logf("%s: problems: %v", name, j.ev.Problems)
		}
		for _, v := range conformance.Judge(j.ev, j.sc.Judges) {
			if v.Status == conformance.Fail {
				failed = append(failed, fmt.Sprintf("%s %s: %s (want %s)", name, v.Rule, v.Actual, v.Expected))
			}
		}
	}
	sort.Strings(failed)
	t.Logf("catalogue: %d runs (%d scenarios × %d styles), %d tabs at once: wall %v; sum of runs %v; longest %s %v",
		len(jobs), len(jobs)/len(fakeauth.Styles), len(fakeauth.Styles), tabs,
		wall.Round(time.Millisecond), sum.Round(time.Millisecond), longestName, longest.Round(time.Millisecond))
	if len(failed) > 0 {
		t.Logf("failed verdicts (%d):\n%s", len(failed), strings.Join(failed, "\n"))
	}
}
