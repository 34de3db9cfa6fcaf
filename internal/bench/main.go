// Command bench measures authconform against baselines run beside it and
// prints a table of ratios: fakeauth and the reference interceptor against
// bare net/http (go test -bench), the thundering herd, the Go-target
// suite's wall time against its longest scripted wait, and the
// browser-target suite's wall time and Chromium launches per Ginkgo
// process. `make bench` runs it from the module's root; docs/performance.md
// explains each figure.
//
// Everything is bounded: each command gets -timeout, the Go benchmarks run
// -count times and the Go suite -go-runs times (the medians count), the
// browser suite once per -web-procs entry. Before each suite run it waits (at most -calm) for the machine's
// load to fall below its core count, and prints the load it ran at.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/authconform/authconform/scenarios"
)

func main() {
	benchtime := flag.String("benchtime", "1s", "go test -benchtime for the Go benchmarks")
	count := flag.Int("count", 3, "go test -count for the Go benchmarks (the median of each figure counts)")
	goRuns := flag.Int("go-runs", 3, "how many times to run the Go-target suite (the median counts)")
	webProcs := flag.String("web-procs", "1,2", "Ginkgo process counts to run the browser-target suite with, comma-separated; empty: skip it")
	skipBench := flag.Bool("skip-go-bench", false, "skip the Go benchmarks")
	timeout := flag.Duration("timeout", 10*time.Minute, "bound on each command")
	calm := flag.Duration("calm", 2*time.Minute, "how long to wait for a busy machine before each suite run")
	flag.Parse()

	ctx := context.Background()
	var t table
	if !*skipBench {
		load := waitCalm(*calm)
		fmt.Printf("load %.1f\n", load)
		res, err := goBench(ctx, *timeout, *benchtime, *count, "./fakeauth", "./clients/go/refresh")
		if err != nil {
			fail(err)
		}
		benchRows(&t, res, fmt.Sprintf("-benchtime %s -count %d", *benchtime, *count))
	}

	longestSc, longest := longestWait(scenarios.Catalogue())
	var goWall time.Duration
	if *goRuns > 0 {
		var walls []time.Duration
		for i := range *goRuns {
			load := waitCalm(*calm)
			r, err := suite(ctx, *timeout, 1, "--target=go")
			if err != nil {
				fail(err)
			}
			fmt.Printf("go suite run %d: %v (load %.1f)%s\n", i+1, r.wall.Round(time.Millisecond), load, failures(r))
			walls = append(walls, r.wall)
		}
		slices.Sort(walls)
		goWall = walls[len(walls)/2]
		t.add(row{
			figure:   fmt.Sprintf("Go-target suite wall time (median of %d)", len(walls)),
			measured: secs(goWall), baseline: fmt.Sprintf("longest scripted wait %s (%s)", secs(longest), longestSc.ID),
			ratio: ratio(goWall.Seconds(), longest.Seconds()), goal: "≤ 1.5",
			command: "go tool ginkgo ./suites -- --target=go",
		})
	}

	for _, p := range strings.Split(*webProcs, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		var procs int
		if _, err := fmt.Sscan(p, &procs); err != nil || procs < 1 {
			fail(fmt.Errorf("-web-procs %q: want process counts such as 1,2", *webProcs))
		}
		load := waitCalm(*calm)
		r, err := suite(ctx, *timeout, procs, "--target=web")
		if err != nil {
			fail(err)
		}
		fmt.Printf("web suite, %d process(es): %v (load %.1f), Chromium launches per process %v%s\n", procs, r.wall.Round(time.Millisecond), load, r.launches, failures(r))
		cmd := "go tool ginkgo ./suites -- --target=web"
		if procs > 1 {
			cmd = fmt.Sprintf("go tool ginkgo --procs=%d ./suites -- --target=web", procs)
		}
		base, rt := "longest scripted wait "+secs(longest), ratio(r.wall.Seconds(), longest.Seconds())
		if goWall > 0 {
			base, rt = "Go-target suite "+secs(goWall), ratio(r.wall.Seconds(), goWall.Seconds())
		}
		measured := secs(r.wall)
		if len(r.failed) > 0 {
			measured += fmt.Sprintf(" (%d specs failed)", len(r.failed))
		}
		t.add(row{
			figure:   fmt.Sprintf("browser-target suite wall time, %d process(es)", procs),
			measured: measured, baseline: base, ratio: rt, goal: "seconds",
			command: cmd,
		})
		most := slices.Max(append([]int{0}, r.launches...))
		t.add(row{
			figure:   fmt.Sprintf("Chromium launches per Ginkgo process, %d process(es)", procs),
			measured: fmt.Sprint(r.launches), baseline: "1 per process",
			ratio: fmt.Sprintf("%d", most), goal: "1",
			command: cmd,
		})
	}
	fmt.Println()
	fmt.Printf("%d cores, %s, load %.1f at the end\n\n", runtime.NumCPU(), runtime.Version(), loadAvg())
	t.print(os.Stdout)
}

// failures lists the specs a suite run failed, for the log.
func failures(r suiteRun) string {
	if len(r.failed) == 0 {
		return ""
	}
	return fmt.Sprintf("; %d specs failed (a loaded machine?): %s", len(r.failed), strings.Join(r.failed, "; "))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

// secs formats a duration in seconds.
func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// ratio formats a/b, or "?" when b is zero.
func ratio(a, b float64) string {
	if b == 0 {
		return "?"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// loadAvg is the machine's one-minute load average, or 0.
func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	var l float64
	fmt.Sscan(string(b), &l)
	return l
}

// waitCalm waits up to limit for the load to fall below the core count and
// returns the load then.
func waitCalm(limit time.Duration) float64 {
	end := time.Now().Add(limit)
	for loadAvg() >= float64(runtime.NumCPU()) && time.Now().Before(end) {
		time.Sleep(5 * time.Second)
	}
	return loadAvg()
}
