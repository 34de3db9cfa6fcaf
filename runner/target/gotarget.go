package target

import (
	"fmt"
	"strings"

	"github.com/authconform/authconform/clients/go/adapter"
	"github.com/authconform/authconform/clients/go/mutants"
	"github.com/authconform/authconform/clients/go/reference"
	"github.com/authconform/authconform/runner"
)

func init() {
	Register(Kind{
		Name: "go",
		Usage: []Usage{
			{"go", "the reference Go interceptor (clients/go/refresh), in process"},
			{"go:<mutant>", "a bundled known-bad Go client, e.g. go:M1 (authconform list mutants)"},
			{"go:textbook", "the Go mutants' correct base, the control group"},
		},
		Driver: func(variant string) (runner.Driver, error) {
			f, err := goFactory(variant)
			if err != nil {
				return nil, err
			}
			return runner.GoDriver{New: f}, nil
		},
	})
}

func goFactory(variant string) (adapter.Factory, error) {
	switch {
	case variant == "":
		return reference.New, nil
	case strings.EqualFold(variant, "textbook"):
		return mutants.Textbook, nil
	}
	m, ok := mutants.Lookup(variant)
	if !ok {
		ids := []string{"textbook"}
		for _, m := range mutants.All() {
			ids = append(ids, m.ID)
		}
		return nil, fmt.Errorf("target: unknown Go mutant %q (want one of %s)", variant, strings.Join(ids, ", "))
	}
	return m.New, nil
}
