// Command go is the reference Go interceptor (clients/go/refresh) as a
// process speaking the authconform process protocol
// (docs/process-protocol.md), so the exec target can test it like a client
// of any other language:
//
//	go build -o bin/authconform-go-client ./clients/process/go
//	go tool ginkgo ./suites -- --target="exec:$PWD/bin/authconform-go-client"
//
// With --mutant it runs one of the bundled Go mutants instead (M1, M7, ...,
// or textbook, their correct base), which is how the harness's own tests
// prove that the process path catches what the in-process path catches.
//
// It reads commands on stdin and answers on stdout; it logs to stderr only.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/authconform/authconform/clients/go/adapter"
	"github.com/authconform/authconform/clients/go/mutants"
	"github.com/authconform/authconform/clients/go/reference"
)

func main() {
	fs := flag.NewFlagSet("authconform-go-client", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	mutant := fs.String("mutant", "", "run a bundled Go mutant instead of the reference: M1 ... M15, LOG, RETRY, SILENT, LEAK, or textbook")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	name, f, err := factory(*mutant)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if err := serve(os.Stdin, os.Stdout, name, f); err != nil {
		fmt.Fprintln(os.Stderr, "authconform-go-client:", err)
		os.Exit(1)
	}
}

// factory returns the client the flag names.
func factory(mutant string) (string, adapter.Factory, error) {
	switch {
	case mutant == "":
		return "go (reference)", reference.New, nil
	case strings.EqualFold(mutant, "textbook"):
		return "go:textbook", mutants.Textbook, nil
	}
	m, ok := mutants.Lookup(mutant)
	if !ok {
		ids := []string{"textbook"}
		for _, m := range mutants.All() {
			ids = append(ids, m.ID)
		}
		return "", nil, fmt.Errorf("authconform-go-client: unknown mutant %q (want one of %s)", mutant, strings.Join(ids, ", "))
	}
	return "go:" + m.ID, m.New, nil
}
