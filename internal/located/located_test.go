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

func TestCheckText(t *testing.T) {
	tests := []struct {
		text string
		line int
		msg  string
	}{
		{"a: 1\nb: é\n", 0, ""},
		{"a: 1\nb: \xff\n", 2, "the file is not valid UTF-8 (save it as UTF-8)"},
		{"a: 1\n\nb: \x07\n", 3, "control character U+0007 is not allowed in YAML"},
	}
	for _, tt := range tests {
		if line, msg := CheckText([]byte(tt.text)); line != tt.line || msg != tt.msg {
			t.Errorf("CheckText(%q): got %d %q; want %d %q", tt.text, line, msg, tt.line, tt.msg)
		}
	}
}
