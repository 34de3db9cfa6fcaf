package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/authconform/authconform/scenarios"
)

type listConfig struct {
	scenarioDir string
	json        bool
}

func listFlags(c *listConfig, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.scenarioDir, "scenarios", "", "folder of your own scenario files (*.yaml), added to the built-in catalogue")
	fs.BoolVar(&c.json, "json", false, "print the scenarios as JSON")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: authconform list [flags]

Lists the scenarios: each one's ID, the rules it judges and its title. A scenario
ID is what "authconform serve --scenario" takes.

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
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "authconform list: unexpected argument %q (flags only; see authconform help list)\n", fs.Arg(0))
		return 2
	}
	all, err := loadScenarios(c.scenarioDir)
	if err != nil {
		fmt.Fprintf(stderr, "authconform list: %v\n", err)
		return 1
	}
	if c.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(all); err != nil {
			fmt.Fprintf(stderr, "authconform list: %v\n", err)
			return 1
		}
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tJUDGES\tTITLE")
	for _, sc := range all {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", sc.ID, strings.Join(sc.Judges, " "), sc.Title)
	}
	tw.Flush()
	return 0
}

// loadScenarios returns the built-in catalogue with the scenarios of dir.
func loadScenarios(dir string) ([]scenarios.Scenario, error) { return scenarios.With(dir) }
