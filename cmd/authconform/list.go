package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/authconform/authconform/clients/go/mutants"
	"github.com/authconform/authconform/clients/web"
	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/runner/target"
	"github.com/authconform/authconform/scenarios"
)

type listConfig struct {
	scenarioDir string
	json        bool
}

// listSections are what list can show, in order.
var listSections = []string{"scenarios", "rules", "targets", "mutants"}

func listFlags(c *listConfig, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.scenarioDir, "scenarios", "", "folder of your own scenario files (*.yaml), added to the built-in catalogue")
	fs.BoolVar(&c.json, "json", false, "print as JSON")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: authconform list [flags] [scenarios|rules|targets|mutants]

Lists what the suite knows; without an argument, everything:
  scenarios  each scenario's ID (what "serve --scenario" takes), the rules it judges, its title
  rules      the conformance rules: ID, level (MUST fails the run, SHOULD only with --strict), rule
  targets    the clients the suite can test (what --target takes)
  mutants    the bundled known-bad clients, each a pattern seen in real code (--target=go:M1,
             --target=web:M1), with the rules the self-test proves each one breaks

Flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

func list(args []string, stdout, stderr io.Writer) int {
	var c listConfig
	fs := listFlags(&c, stderr)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	want := listSections
	switch fs.NArg() {
	case 0:
	case 1:
		want = nil
		for _, s := range listSections {
			if s == fs.Arg(0) {
				want = []string{s}
			}
		}
		if want == nil {
			fmt.Fprintf(stderr, "authconform list: unknown list %q (want %s)\n", fs.Arg(0), strings.Join(listSections, ", "))
			return 2
		}
	default:
		fmt.Fprintf(stderr, "authconform list: unexpected argument %q (one of %s at most)\n", fs.Arg(1), strings.Join(listSections, ", "))
		return 2
	}
	all, err := scenarios.With(c.scenarioDir)
	if err != nil {
		fmt.Fprintf(stderr, "authconform list: %v\n", err)
		return 1
	}
	if c.json {
		return listJSON(want, all, stdout, stderr)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for i, section := range want {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		switch section {
		case "scenarios":
			fmt.Fprintln(tw, "SCENARIO\tJUDGES\tTITLE")
			for _, sc := range all {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", sc.ID, strings.Join(sc.Judges, " "), sc.Title)
			}
		case "rules":
			fmt.Fprintln(tw, "RULE\tLEVEL\tREQUIREMENT")
			for _, r := range conformance.Rules() {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Level, r.Requirement)
			}
		case "targets":
			fmt.Fprintln(tw, "TARGET\tWHAT")
			for _, k := range target.Kinds() {
				for _, u := range k.Usage {
					fmt.Fprintf(tw, "%s\t%s\n", u.Name, u.Help)
				}
			}
		case "mutants":
			fmt.Fprintln(tw, "MUTANT\tBREAKS\tPATTERN")
			for _, m := range mutants.All() {
				fmt.Fprintf(tw, "go:%s\t%s\t%s\n", m.ID, strings.Join(m.Breaks, " "), m.Name)
			}
			for _, v := range web.Variants()[1:] {
				fmt.Fprintf(tw, "web:%s\t%s\t%s\n", v.ID, strings.Join(v.Breaks, " "), v.Name)
			}
		}
	}
	tw.Flush()
	return 0
}

func listJSON(want []string, all []scenarios.Scenario, stdout, stderr io.Writer) int {
	out := map[string]any{}
	for _, section := range want {
		switch section {
		case "scenarios":
			out[section] = all
		case "rules":
			type rule struct {
				ID, Level, Title, Requirement string
			}
			var rs []rule
			for _, r := range conformance.Rules() {
				rs = append(rs, rule{r.ID, string(r.Level), r.Title, r.Requirement})
			}
			out[section] = rs
		case "targets":
			var us []target.Usage
			for _, k := range target.Kinds() {
				us = append(us, k.Usage...)
			}
			out[section] = us
		case "mutants":
			type mutant struct {
				Target, Name, Pattern string
				Breaks                []string
			}
			var ms []mutant
			for _, m := range mutants.All() {
				ms = append(ms, mutant{"go:" + m.ID, m.Name, m.Pattern, m.Breaks})
			}
			for _, v := range web.Variants()[1:] {
				ms = append(ms, mutant{"web:" + v.ID, v.Name, v.Pattern, v.Breaks})
			}
			out[section] = ms
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(stderr, "authconform list: %v\n", err)
		return 1
	}
	return 0
}
