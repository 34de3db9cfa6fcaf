package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/authconform/authconform/reports"
)

type reportConfig struct {
	in, out, junit string
}

func reportFlags(c *reportConfig, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.in, "in", "reports/results.json", "the results document a suite run wrote (the suite's --results)")
	fs.StringVar(&c.out, "out", "reports/report.html", `where to write the HTML report ("-": standard output)`)
	fs.StringVar(&c.junit, "junit", "", "also rewrite this Ginkgo JUnit file in place, so CI shows failures readably (e.g. reports/junit.xml)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: authconform report [flags]

Turns the results of a conformance run into one self-contained HTML page
(no scripts, no network: open it from disk, attach it to a CI run, mail it):

  - a matrix of targets × rules: failed, SHOULD not met, not judged, passed
  - for every scenario × target × style, a timeline: each request a bar from
    start to end on a shared time axis; refresh and logout marked; 401s, 5xx
    and unanswered requests coloured; calls still pending at the deadline
    running off the edge; the quiet window shaded; the deadline marked; the
    credential generation each request carried ("g2"); and beside it the
    verdicts with expected, actual and the lines that show it.

Every suite run writes the results document, by default reports/results.json
in the repository (the suite's --results flag or AUTHCONFORM_RESULTS changes
it; an empty value turns it off).

With --junit, the JUnit file Ginkgo wrote is made readable in CI: property
values lose Ginkgo's JSON quotes ("LO-1" becomes LO-1), a failure's message
starts with the rule, expected and actual on its first line, and the
failing spec's text timeline goes to <system-out>. Running it twice changes
nothing.

The report command fails (exit 1) only when it cannot read or write; the
suite's own exit status says whether the client conforms.

Examples:
  go tool ginkgo ./suites -- --target=go,go:M1
  authconform report                                   # reports/results.json → reports/report.html
  authconform report --junit reports/junit.xml         # and make the JUnit file readable
  authconform report --in /tmp/run.json --out - > run.html

Flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

func report(args []string, stdout, stderr io.Writer) int {
	var c reportConfig
	fs := reportFlags(&c, stderr)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "authconform report: unexpected argument %q (flags only; see authconform help report)\n", fs.Arg(0))
		return 2
	}
	if c.in == "" || c.out == "" {
		fmt.Fprintln(stderr, "authconform report: --in and --out must not be empty")
		return 2
	}
	if err := makeReport(c, stdout); err != nil {
		fmt.Fprintf(stderr, "authconform report: %v\n", err)
		return 1
	}
	return 0
}

func makeReport(c reportConfig, stdout io.Writer) error {
	f, err := os.Open(c.in)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s does not exist: run the suite first (go tool ginkgo ./suites writes reports/results.json), or name a results file with --in", c.in)
	}
	if err != nil {
		return err
	}
	res, err := reports.ReadJSON(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", c.in, err)
	}
	page, err := reports.HTML(res)
	if err != nil {
		return err
	}
	if c.junit != "" {
		if err := rewriteJUnit(c.junit, res); err != nil {
			return err
		}
	}
	if c.out == "-" {
		_, err := stdout.Write(page)
		return err
	}
	if err := reports.WriteFile(c.out, page); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d records, %d failures\n", c.out, len(res.Records), res.Failures())
	return nil
}

func rewriteJUnit(path string, res reports.Results) error {
	in, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("--junit: %w", err)
	}
	out, err := reports.JUnit(in, res)
	if err != nil {
		return fmt.Errorf("--junit %s: %w", path, err)
	}
	if bytes.Equal(in, out) {
		return nil
	}
	return reports.WriteFile(path, out)
}
