package runner

import (
	"fmt"
	"strings"

	"github.com/authconform/authconform/clients/go/adapter"
	"github.com/authconform/authconform/clients/go/mutants"
	"github.com/authconform/authconform/clients/go/reference"
)

// Target is a client under test, as named on the command line: "go",
// "go:M1".
type Target struct {
	// Name is the target as given ("go:M1").
	Name string
	// Kind is the part before the colon ("go").
	Kind string
	// Variant is the part after it ("M1"), if any.
	Variant string
}

// TargetKinds describes the kinds of target, for help texts.
var TargetKinds = []struct{ Name, Help string }{
	{"go", "the reference Go interceptor (clients/go/refresh)"},
	{"go:<mutant>", "a bundled known-bad Go client, e.g. go:M1 (see authconform list)"},
	{"go:textbook", "the mutants' correct base, the control group"},
}

// ParseTargets reads a comma-separated target list.
func ParseTargets(s string) ([]Target, error) {
	var out []Target
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		t, err := ParseTarget(part)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("runner: no target given (want e.g. go or go:M1)")
	}
	return out, nil
}

// ParseTarget reads one target name and checks that it can run.
func ParseTarget(s string) (Target, error) {
	kind, variant, _ := strings.Cut(s, ":")
	t := Target{Name: s, Kind: kind, Variant: variant}
	switch kind {
	case "go":
		if _, err := t.goFactory(); err != nil {
			return Target{}, err
		}
		return t, nil
	case "web", "app", "exec":
		return Target{}, fmt.Errorf("runner: target %q: the %s target is not available in this version (available: go, go:<mutant>)", s, kind)
	}
	return Target{}, fmt.Errorf("runner: unknown target %q (want go or go:<mutant>, e.g. go:M1)", s)
}

// Driver returns the driver that runs the target.
func (t Target) Driver() (Driver, error) {
	f, err := t.goFactory()
	if err != nil {
		return nil, err
	}
	return GoDriver{New: f}, nil
}

func (t Target) goFactory() (adapter.Factory, error) {
	switch {
	case t.Variant == "":
		return reference.New, nil
	case strings.EqualFold(t.Variant, "textbook"):
		return mutants.Textbook, nil
	}
	m, ok := mutants.Lookup(t.Variant)
	if !ok {
		ids := []string{"textbook"}
		for _, m := range mutants.All() {
			ids = append(ids, m.ID)
		}
		return nil, fmt.Errorf("runner: unknown Go mutant %q (want one of %s)", t.Variant, strings.Join(ids, ", "))
	}
	return m.New, nil
}
