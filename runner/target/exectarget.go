package target

import (
	"fmt"
	"os/exec"
	"strings"

	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/runner/process"
)

func init() {
	Register(Kind{
		Name: "exec",
		Usage: []Usage{
			{"exec:<command>", "any client speaking the process protocol (docs/process-protocol.md), e.g. exec:python3 $PWD/my_client.py: " +
				"one process per run, no shell; give paths absolute (the suite runs in its own folder)"},
			{"exec:$PWD/bin/authconform-go-client", "the reference Go interceptor as a process: first go build -o bin/authconform-go-client ./clients/process/go " +
				"(add --mutant M1 to run a Go mutant)"},
			{"exec:node $PWD/clients/process/node/client.js", "the bundled Node + axios client with a correct interceptor: first npm ci --prefix clients/process/node"},
			{"exec:node $PWD/clients/process/node/m1.js", "the Node M1 mutant, the lesson's interceptor whose refresh goes through itself (deadlock)"},
		},
		Driver: execDriver,
	})
}

// execDriver splits the command line and checks that its program exists,
// so a typo fails when the target is parsed, not in every spec.
func execDriver(cmdline string) (runner.Driver, error) {
	if strings.TrimSpace(cmdline) == "" {
		return nil, fmt.Errorf("target: exec needs a command line: exec:<command>, e.g. exec:python3 my_client.py")
	}
	argv, err := process.Split(cmdline)
	if err != nil {
		return nil, fmt.Errorf("target: exec:%s: %w (want exec:<command line>, e.g. exec:python3 my_client.py)", cmdline, err)
	}
	if _, err := exec.LookPath(argv[0]); err != nil {
		return nil, fmt.Errorf("target: exec:%s: %w (install it, or give its absolute path)", cmdline, err)
	}
	return process.Driver{Command: argv}, nil
}
