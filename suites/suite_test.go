package suites_test

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	. "github.com/onsi/gomega"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/runner/target"
	"github.com/authconform/authconform/scenarios"
)

func TestConformance(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "authconform conformance")
}

// A run is one scenario x target x style: its evidence is gathered once, in
// the background, and judged by every rule the scenario names.
type run struct {
	sc     scenarios.Scenario
	target target.Target
	style  fakeauth.Style
	labels []string // the union of its specs' labels, to honour --label-filter
	done   chan struct{}
	ev     *conformance.Evidence
	err    error
}

func (r *run) name() string { return fmt.Sprintf("%s · %s · %s", r.sc.ID, r.target.Name, r.style) }

var (
	runs      []*run
	suiteCtx  context.Context
	stopSuite context.CancelFunc
)

var _ = BeforeSuite(func() {
	suiteCtx, stopSuite = context.WithCancel(context.Background())
	DeferCleanup(func() {
		stopSuite()
		Expect(target.CloseAll()).To(Succeed())
	})
	watchParent(stopSuite)
	filter, err := types.ParseLabelFilter(GinkgoLabelFilter())
	Expect(err).NotTo(HaveOccurred())
	all := make(chan struct{}, 64)
	perKind := map[string]chan struct{}{}
	for _, r := range runs {
		if n := r.target.Concurrency(); n > 0 && perKind[r.target.Kind] == nil {
			perKind[r.target.Kind] = make(chan struct{}, n)
		}
	}
	for _, r := range runs {
		if !filter(r.labels) {
			close(r.done) // no spec of this run will look at it
			continue
		}
		go func() {
			defer close(r.done)
			if kind := perKind[r.target.Kind]; kind != nil {
				kind <- struct{}{}
				defer func() { <-kind }()
			}
			all <- struct{}{}
			defer func() { <-all }()
			d, err := r.target.Driver()
			if err != nil {
				r.err = err
				return
			}
			r.ev, r.err = runner.Run(suiteCtx, r.sc, d, runner.Options{Target: r.target.Name, Style: r.style, Deadline: *flagDeadline, Quiet: *flagQuiet})
		}()
	}
})

// Tree construction: a spec per scenario x target x style x judged rule.
var _ = Describe("conformance", func() {
	// The tree is built after the flags are parsed.
	cfg, cfgErr := loadConfig()
	if cfgErr != nil {
		It("has a usable configuration", func() { Fail(cfgErr.Error()) })
		return
	}
	for _, target := range cfg.targets {
		for _, style := range cfg.stylesOf(target) {
			for _, sc := range cfg.scenarios {
				r := &run{sc: sc, target: target, style: style, done: make(chan struct{})}
				runs = append(runs, r)
				for _, id := range sc.Judges {
					labels := []string{id, sc.ID, label(target.Kind), label(target.Name), string(style)}
					r.labels = append(r.labels, labels...)
					It(fmt.Sprintf("[%s] %s", id, r.name()), Label(labels...), NodeTimeout(runTimeout(sc)), func(ctx SpecContext) {
						judge(ctx, r, id)
					})
				}
			}
		}
	}
})

// runTimeout bounds how long a spec waits for its run's evidence: the run
// has its own deadlines, so this only guards against a harness bug.
func runTimeout(sc scenarios.Scenario) time.Duration {
	d := sc.Timing.Deadline.D()
	if *flagDeadline > 0 {
		d = *flagDeadline
	}
	return 4*d + sc.Timing.Quiet.D() + time.Minute
}

func judge(ctx SpecContext, r *run, id string) {
	select {
	case <-r.done:
	case <-ctx.Done():
		Fail(fmt.Sprintf("the evidence for %s was not gathered in time (harness bug)", r.name()))
	}
	Expect(r.err).NotTo(HaveOccurred(), "running %s", r.name())
	v := conformance.Judge(r.ev, []string{id})[0]
	record(r, v)
	report(r, v)
	switch {
	case v.Status == conformance.NotJudged && len(r.ev.Problems) > 0:
		// Evidence a broken run left too thin to judge fails: a client
		// that died must not leave the suite green with skips.
		Fail(fmt.Sprintf("[%s] not judged: %s; the run went wrong:\n  %s\n\ntimeline:\n%s",
			id, v.Reason, strings.Join(r.ev.Problems, "\n  "), conformance.Timeline(r.ev)))
	case v.Status == conformance.NotJudged && len(r.ev.Notes) > 0:
		Skip(fmt.Sprintf("[%s] not judged: %s (%s)", id, v.Reason, strings.Join(r.ev.Notes, "; ")))
	case v.Status == conformance.NotJudged:
		Skip(fmt.Sprintf("[%s] not judged: %s", id, v.Reason))
	case v.Status == conformance.Pass:
		return
	case v.Failed(*flagStrict):
		msg := v.Message() + "\n\ntimeline:\n" + conformance.Timeline(r.ev)
		if len(r.ev.Problems) > 0 {
			msg += "\n\nproblems:\n  " + strings.Join(r.ev.Problems, "\n  ")
		}
		Fail(msg)
	default:
		Skip(fmt.Sprintf("[%s] SHOULD not met (fails only with --strict): expected %s, got %s", id, v.Expected, v.Actual))
	}
}

// report adds the JUnit properties of a spec.
func report(r *run, v conformance.Verdict) {
	refreshes, pending := 0, 0
	for _, q := range r.ev.Server {
		if q.Kind == "refresh" {
			refreshes++
		}
	}
	calls := 0
	for _, rd := range r.ev.Rounds {
		calls += len(rd.Calls)
		for _, c := range rd.Calls {
			if c.Outcome == conformance.OutcomePending {
				pending++
			}
		}
	}
	for _, kv := range []struct {
		name  string
		value any
	}{
		{"rule", v.Rule}, {"level", string(v.Level)}, {"verdict", string(v.Status)},
		{"scenario", r.sc.ID}, {"target", r.target.Name}, {"style", string(r.style)},
		{"requests", len(r.ev.Server)}, {"refreshes", refreshes}, {"calls", calls}, {"pending", pending},
	} {
		AddReportEntry(kv.name, kv.value, ReportEntryVisibilityFailureOrVerbose)
	}
}

var watchOnce sync.Once

// watchParent ends the suite when the process that started it dies (a
// killed ginkgo CLI), so no run, client or browser outlives it.
func watchParent(stop context.CancelFunc) {
	watchOnce.Do(func() {
		// A killed ginkgo leaves the suite writing to a broken pipe; by
		// default Go dies of SIGPIPE then, before the watchdog could close
		// the browser. Taking the signal turns those writes into errors.
		signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
		ppid := os.Getppid()
		go func() {
			for range time.Tick(250 * time.Millisecond) {
				if os.Getppid() != ppid {
					// Kill first: once the runs are stopped, Ginkgo may
					// end the process before a browser is cleaned up.
					target.KillAll() // no browser or child process outlives the suite
					stop()
					fmt.Fprintln(os.Stderr, "authconform: the parent process died; stopped")
					os.Exit(2)
				}
			}
		}()
	})
}

// label makes a target name usable as a Ginkgo label, which may not hold
// any of &|!,()/ ("exec:/usr/bin/python3 c.py" becomes "exec:_usr_bin_python3 c.py").
func label(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune("&|!,()/", r) {
			return '_'
		}
		return r
	}, s)
}
