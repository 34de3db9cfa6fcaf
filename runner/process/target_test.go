package process_test

import (
	"strings"
	"testing"

	"github.com/authconform/authconform/runner/process"
	"github.com/authconform/authconform/runner/target"
)

// TestExecTarget: the exec kind is registered, documented, and checks its
// command when the target is parsed.
func TestExecTarget(t *testing.T) {
	tests := []struct {
		in   string
		want string // the driver's command, or the error's text
	}{
		{"exec:sh -c 'exit 0'", "sh -c 'exit 0'"},
		{"exec:", "exec needs a command line: exec:<command>"},
		{"exec:   ", "exec needs a command line"},
		{"exec:authconform-no-such-client --x", `exec:authconform-no-such-client --x: exec: "authconform-no-such-client": executable file not found in $PATH (install it, or give its absolute path)`},
		{"exec:/no/such/client", "no such file or directory"},
		{"exec:sh 'unterminated", "unterminated ' quote"},
		{"exec:node client.js > log", "is a shell operator"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			tg, err := target.Parse(tt.in)
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				d, err := tg.Driver()
				if err != nil {
					t.Fatal(err)
				}
				got = d.(process.Driver).String()
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
	var usage []string
	for _, k := range target.Kinds() {
		if k.Name == "exec" {
			for _, u := range k.Usage {
				usage = append(usage, u.Name+" "+u.Help)
			}
		}
	}
	for _, want := range []string{"exec:<command>", "clients/process/go", "clients/process/node/client.js", "clients/process/node/m1.js"} {
		if !strings.Contains(strings.Join(usage, " "), want) {
			t.Errorf("the exec kind's usage %q does not show %q", usage, want)
		}
	}
}
