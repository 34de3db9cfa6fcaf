package located

import (
	"errors"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		file  string
		line  int
		field string
		want  string
	}{
		{"a.yaml", 12, "workload.burst", "x: a.yaml:12: workload.burst: bad"},
		{"a.yaml", 0, "workload.burst", "x: a.yaml: workload.burst: bad"},
		{"", 12, "workload.burst", "x: workload.burst: bad"},
		{"a.yaml", 3, "", "x: a.yaml:3: bad"},
		{"", 0, "", "x: bad"},
	}
	for _, tt := range tests {
		if got := Format("x", tt.file, tt.line, tt.field, "bad"); got != tt.want {
			t.Errorf("Format(%q, %d, %q): got %q; want %q", tt.file, tt.line, tt.field, got, tt.want)
		}
	}
}

func TestJoin(t *testing.T) {
	a, b := errors.New("a"), errors.New("b")
	if err := Join([]error(nil)); err != nil {
		t.Errorf("none: got %v", err)
	}
	if err := Join([]error{a}); err != a {
		t.Errorf("one: got %v; want the error itself", err)
	}
	if err := Join([]error{a, b}); err == nil || err.Error() != "a\nb" || !errors.Is(err, b) {
		t.Errorf("two: got %v; want both, one per line", err)
	}
}
