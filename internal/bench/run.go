package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"
)

// results are benchmark metrics by name without the -GOMAXPROCS suffix
// ("BenchmarkServer/api") and unit ("req/s", "ns/op"): one value per
// -count.
type results map[string]map[string][]float64

// get returns the median of a metric, or 0.
func (r results) get(name, unit string) float64 {
	vs := slices.Clone(r[name][unit])
	if len(vs) == 0 {
		return 0
	}
	slices.Sort(vs)
	return vs[len(vs)/2]
}

// goBench runs the packages' benchmarks, copying their output to stdout,
// and parses it.
func goBench(ctx context.Context, timeout time.Duration, benchtime string, count int, pkgs ...string) (results, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	args := append([]string{"test", "-run", "^$", "-bench", ".", "-benchtime", benchtime, "-count", strconv.Itoa(count)}, pkgs...)
	cmd := exec.CommandContext(ctx, "go", args...)
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(os.Stdout, &out)
	cmd.Stderr = os.Stderr
	fmt.Printf("$ go %s\n", strings.Join(args, " "))
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go test -bench: %w", err)
	}
	return parseBench(&out), nil
}

// parseBench reads the lines "BenchmarkX/y-2  N  v unit  v unit ...".
func parseBench(r io.Reader) results {
	res := results{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		if res[name] == nil {
			res[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				res[name][f[i+1]] = append(res[name][f[i+1]], v)
			}
		}
	}
	return res
}

// suiteRun is one run of the suite: its wall time as Ginkgo measured it
// (compilation excluded), the Chromium launches of each process and the
// specs that failed (a loaded machine can fail a timing-sensitive one).
type suiteRun struct {
	wall     time.Duration
	launches []int
	failed   []string
}

// suite runs the suite through the ginkgo CLI with procs processes and the
// suite flags args, and reads its JSON report.
func suite(ctx context.Context, timeout time.Duration, procs int, args ...string) (suiteRun, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	dir, err := os.MkdirTemp("", "authconform-bench-")
	if err != nil {
		return suiteRun{}, err
	}
	defer os.RemoveAll(dir)
	report := filepath.Join(dir, "report.json")
	cargs := []string{"tool", "ginkgo", "--no-color", "--json-report=" + report}
	if procs > 1 {
		cargs = append(cargs, fmt.Sprintf("--procs=%d", procs))
	}
	cargs = append(append(cargs, "./suites", "--", "--results="), args...)
	cmd := exec.CommandContext(ctx, "go", cargs...)
	out, runErr := cmd.CombinedOutput()
	b, err := os.ReadFile(report)
	if err != nil {
		if runErr != nil {
			return suiteRun{}, fmt.Errorf("go %s: %w\n%s", strings.Join(cargs, " "), runErr, tail(out, 40))
		}
		return suiteRun{}, err
	}
	var reports []types.Report
	if err := json.Unmarshal(b, &reports); err != nil {
		return suiteRun{}, fmt.Errorf("reading the JSON report: %w", err)
	}
	if len(reports) != 1 {
		return suiteRun{}, fmt.Errorf("the JSON report holds %d suites; want 1", len(reports))
	}
	r := suiteRun{wall: reports[0].RunTime, launches: make([]int, procs)}
	for _, sp := range reports[0].SpecReports {
		if sp.State.Is(types.SpecStateFailureStates) {
			r.failed = append(r.failed, sp.FullText())
		}
		if sp.LeafNodeType != types.NodeTypeAfterSuite {
			continue
		}
		for _, e := range sp.ReportEntries {
			if e.Name == "browser launches" && sp.ParallelProcess >= 1 && sp.ParallelProcess <= procs {
				n, _ := strconv.Atoi(e.StringRepresentation())
				r.launches[sp.ParallelProcess-1] = n
			}
		}
	}
	if runErr != nil && len(r.failed) == 0 {
		return suiteRun{}, fmt.Errorf("go %s: %w\n%s", strings.Join(cargs, " "), runErr, tail(out, 40))
	}
	return r, nil
}

// tail returns the last n lines of b.
func tail(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
