package target_test

import (
	"strings"
	"testing"

	"github.com/authconform/authconform/runner/target"
)

func TestParseList(t *testing.T) {
	tests := []struct {
		in   string
		want string // target names, or the error's text
	}{
		{"go", "go"},
		{"go, go:M1 ,go:textbook", "go go:M1 go:textbook"},
		{"go:m7", "go:m7"},
		{"", "no target given"},
		{"go:M99", `unknown Go mutant "M99" (want one of textbook, M1`},
		{"rust", `unknown target "rust"`},
		{"go:", "go:"},
		{"web:M1", "web:M1"},
		{"web:M99", `unknown web app variant "M99"`},
		{"cobol:x", `unknown target "cobol:x" (want one of the kinds `},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			ts, err := target.ParseList(tt.in)
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				var names []string
				for _, tg := range ts {
					names = append(names, tg.Name)
				}
				got = strings.Join(names, " ")
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}
