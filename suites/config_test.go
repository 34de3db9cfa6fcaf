package suites_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner/target"
	"github.com/authconform/authconform/scenarios"
)

// The suite's flags; each defaults to its environment variable.
var (
	flagTarget    = flag.String("target", env("AUTHCONFORM_TARGET", "go,web"), "comma-separated targets: go, go:<mutant> (e.g. go:M1), go:textbook, web, web:<mutant>, exec:<command> (a client speaking the process protocol, docs/process-protocol.md), app:<url> (your web app, with --profile); authconform list targets")
	flagProfile   = flag.String("profile", env("AUTHCONFORM_PROFILE", ""), "the profile (YAML) of the app:<url> targets: its auth contract, login, burst and logged-out state; a relative path is read from suites/ or the repository root; authconform profile init writes a starter")
	flagStyle     = flag.String("style", env("AUTHCONFORM_STYLE", "cookie,bearer"), "credential styles to run: cookie, bearer, or both comma-separated")
	flagStrict    = flag.Bool("strict", envBool("AUTHCONFORM_STRICT"), "make SHOULD rules fail too (by default an unmet SHOULD is reported as skipped)")
	flagScenario  = flag.String("scenario", env("AUTHCONFORM_SCENARIO", ""), "comma-separated scenario IDs to run (default: all)")
	flagScenarios = flag.String("scenarios", env("AUTHCONFORM_SCENARIOS", ""), "a folder of your own scenario files, added to the catalogue")
	flagScale     = flag.Float64("scale", envFloat("AUTHCONFORM_SCALE", 1), "multiply every scenario duration, for slow clients (e.g. 3)")
	flagDeadline  = flag.Duration("deadline", envDuration("AUTHCONFORM_DEADLINE"), "override every scenario's deadline (e.g. 10s)")
	flagQuiet     = flag.Duration("quiet", envDuration("AUTHCONFORM_QUIET"), "override every scenario's quiet window (e.g. 1s)")
)

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envBool(name string) bool {
	v, _ := strconv.ParseBool(os.Getenv(name))
	return v
}

func envFloat(name string, def float64) float64 {
	if f, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil {
		return f
	}
	return def
}

func envDuration(name string) time.Duration {
	d, _ := time.ParseDuration(os.Getenv(name))
	return d
}

// resolve finds a relative file the user named: the suite runs in suites/,
// but the user ran ginkgo from the repository root, most likely. A path
// found in neither place is returned as given, for the error to name it.
func resolve(path string) string {
	if path == "" || filepath.IsAbs(path) {
		return path
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if up := filepath.Join("..", path); fileExists(up) {
		return up
	}
	return path
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// config is the suite's configuration, checked.
type config struct {
	targets   []target.Target
	styles    []fakeauth.Style
	scenarios []scenarios.Scenario
}

// stylesOf returns the styles a target runs in: the one it speaks, when it
// speaks only one (an app, as its profile says), else those of --style.
func (c config) stylesOf(t target.Target) []fakeauth.Style {
	if st, err := t.Style(); err == nil && st != "" {
		return []fakeauth.Style{st}
	}
	return c.styles
}

// loadConfig checks the flags; its errors say what is allowed.
func loadConfig() (config, error) {
	var c config
	var err error
	target.SetProfile(resolve(*flagProfile))
	if c.targets, err = target.ParseList(*flagTarget); err != nil {
		return c, fmt.Errorf("--target: %w", err)
	}
	for _, s := range strings.Split(*flagStyle, ",") {
		st, err := fakeauth.ParseStyle(strings.TrimSpace(s))
		if err != nil {
			return c, fmt.Errorf("--style %q: want cookie, bearer or cookie,bearer", *flagStyle)
		}
		c.styles = append(c.styles, st)
	}
	if !(*flagScale > 0) {
		return c, fmt.Errorf("--scale %v: want a positive factor such as 0.5 or 3", *flagScale)
	}
	if *flagDeadline < 0 || *flagQuiet < 0 {
		return c, fmt.Errorf("--deadline and --quiet must not be negative")
	}
	all, err := scenarios.With(*flagScenarios)
	if err != nil {
		return c, fmt.Errorf("--scenarios: %w", err)
	}
	if *flagScenario == "" {
		c.scenarios = all
	} else {
		for _, id := range strings.Split(*flagScenario, ",") {
			sc, err := scenarios.Find(all, strings.TrimSpace(id))
			if err != nil {
				return c, fmt.Errorf("--scenario: %w", err)
			}
			c.scenarios = append(c.scenarios, sc)
		}
	}
	for i := range c.scenarios {
		c.scenarios[i] = c.scenarios[i].Scaled(*flagScale)
	}
	return c, nil
}
