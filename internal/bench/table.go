package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// row is one figure: what was measured, the baseline measured beside it,
// their ratio, the goal, and the command that reproduces it.
type row struct {
	figure, measured, baseline, ratio, goal, command string
}

type table struct{ rows []row }

func (t *table) add(r row) { t.rows = append(t.rows, r) }

func (t *table) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tmeasured\tbaseline\tratio\tgoal")
	for _, r := range t.rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.figure, r.measured, r.baseline, r.ratio, r.goal)
	}
	tw.Flush()
	fmt.Fprintln(w, "\ncommands:")
	seen := map[string]bool{}
	for _, r := range t.rows {
		if !seen[r.command] {
			seen[r.command] = true
			fmt.Fprintln(w, "  "+r.command)
		}
	}
}

// benchRows turns the Go benchmarks' results into rows.
func benchRows(t *table, res results, flags string) {
	cmd := func(bench, pkg string) string {
		return fmt.Sprintf("go test -run '^$' -bench '%s' %s %s", bench, flags, pkg)
	}
	server := cmd("BenchmarkServer", "./fakeauth")
	bare := res.get("BenchmarkServer/bare", "req/s")
	api := res.get("BenchmarkServer/api", "req/s")
	refresh := res.get("BenchmarkServer/refresh", "req/s")
	p99 := func(name string) float64 { return res.get("BenchmarkServer/"+name, "p99-µs") }
	t.add(row{"fakeauth API throughput, journal on", reqs(api), "bare net/http " + reqs(bare), ratio(api, bare), "≥ 0.5", server})
	t.add(row{"fakeauth refresh throughput, journal on", reqs(refresh), "bare net/http " + reqs(bare), ratio(refresh, bare), "", server})
	t.add(row{"fakeauth API p99, journal on", us(p99("api")), "journal off " + us(p99("api-nojournal")), ratio(p99("api"), p99("api-nojournal")), "≤ 2", server})
	t.add(row{"fakeauth API p99, journal on", us(p99("api")), "bare net/http " + us(p99("bare")), ratio(p99("api"), p99("bare")), "", server})

	journal := cmd("BenchmarkJournal", "./fakeauth")
	j, m := res.get("BenchmarkJournal/journal", "ns/op"), res.get("BenchmarkJournal/mutex-append", "ns/op")
	t.add(row{"journal Begin+Record", ns(j), "mutex + append " + ns(m), ratio(j, m), "", journal})
	jb, mb := res.get("BenchmarkJournal/journal", "bytes/entry"), res.get("BenchmarkJournal/mutex-append", "bytes/entry")
	t.add(row{"journal bytes per entry", fmt.Sprintf("%.0f B", jb), fmt.Sprintf("mutex + append %.0f B", mb), ratio(jb, mb), "", journal})

	transport := cmd("BenchmarkTransport", "./clients/go/refresh")
	bt := res.get("BenchmarkTransport/bare", "ns/op")
	for _, style := range []string{"bearer", "cookie"} {
		v := res.get("BenchmarkTransport/refresh-"+style, "ns/op")
		t.add(row{"interceptor per request, " + style, ns(v), "bare http.Transport " + ns(bt), ratio(v, bt), "≤ 1.2", transport})
	}

	herd := cmd("BenchmarkHerd", "./clients/go/refresh")
	hb, he := res.get("BenchmarkHerd/bare", "p99-ms"), res.get("BenchmarkHerd/expired", "p99-ms")
	t.add(row{"herd p99 settle, 10,000 requests, one expired token", ms(he), "valid token, bare transport " + ms(hb), ratio(he, hb), "", herd})
	t.add(row{"herd refresh calls per 10,000-request herd", fmt.Sprintf("%.0f", res.get("BenchmarkHerd/expired", "refreshes/herd")), "", "", "exactly 1", herd})
}

func reqs(v float64) string { return fmt.Sprintf("%.0f req/s", v) }
func us(v float64) string   { return fmt.Sprintf("%.0f µs", v) }
func ns(v float64) string   { return fmt.Sprintf("%.0f ns", v) }
func ms(v float64) string   { return fmt.Sprintf("%.0f ms", v) }
