package process_test

import (
	"strings"
	"testing"

	"github.com/authconform/authconform/runner/process"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // the words joined by |, or the error's text
	}{
		{"words", "python3 my_client.py --verbose", "python3|my_client.py|--verbose"},
		{"blanks", "  node\tclient.js \n", "node|client.js"},
		{"single quotes", `sh -c 'echo "$HOME" | cat'`, `sh|-c|echo "$HOME" | cat`},
		{"double quotes", `node "my client.js" "say \"hi\" \\ \n"`, `node|my client.js|say "hi" \ \n`},
		{"backslash", `a\ b c\'d \|`, `a b|c'd||`},
		{"joined parts", `--name='a b'"c"d`, `--name=a bcd`},
		{"empty word", `prog '' ""`, "prog||"},
		{"nothing expanded", `run $HOME ~ *.py`, "run|$HOME|~|*.py"},
		{"pipe", "node client.js | tee log", `"|" in "node client.js | tee log" is a shell operator`},
		{"redirect", "node client.js > log", `">" in`},
		{"and", "make && ./client", `"&&" in`},
		{"unterminated", `node 'client.js`, "unterminated ' quote"},
		{"unterminated double", `node "client.js`, `unterminated " quote`},
		{"lone backslash", `node \`, "ends with a lone backslash"},
		{"empty", "  ", "empty command line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words, err := process.Split(tt.in)
			got := strings.Join(words, "|")
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, tt.want) || (err == nil && got != tt.want) {
				t.Errorf("Split(%q): got %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}
