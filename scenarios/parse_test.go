package scenarios

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/authconform/authconform/fakeauth"
)

// base is a valid scenario; the error cases change one thing in it, so their
// line numbers are the ones written here.
const base = `id: t
title: T
description: D
judges: [SF-1]
server:
  rotation: rotate
  behaviours:
    refresh:
      - delay: 10ms
workload:
  setup: [expire-access]
  burst: 2
timing:
  deadline: 1s
  quiet: 100ms
`

// edit returns base with old replaced by new; old must occur in base.
func edit(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(base, old) {
		t.Fatalf("base has no %q", old)
	}
	return strings.Replace(base, old, new, 1)
}

func TestParseBase(t *testing.T) {
	got, err := Parse("t.yaml", []byte(base))
	if err != nil {
		t.Fatalf("got %v; want no error", err)
	}
	want := Scenario{
		ID: "t", Title: "T", Description: "D", Judges: []string{"SF-1"},
		Server: fakeauth.Script{
			Rotation: fakeauth.RotationRotate,
			Behaviours: map[fakeauth.Endpoint][]fakeauth.Step{
				fakeauth.EndpointRefresh: {{Delay: fakeauth.Duration(10 * time.Millisecond)}},
			},
		},
		Workload: Workload{Setup: []Op{OpExpireAccess}, Burst: 2},
		Timing:   Timing{Deadline: fakeauth.Duration(time.Second), Quiet: fakeauth.Duration(100 * time.Millisecond)},
		Source:   "t.yaml",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v; want %+v", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		file string // default t.yaml
		yaml string
		want []string // substrings of the error, each a whole line's start or more
	}{
		{name: "unknown top-level key", yaml: base + "colour: red\n",
			want: []string{"scenarios: t.yaml:16: colour: unknown field (want description, id, judges, server, timing, title, workload)"}},
		{name: "unknown workload key", yaml: edit(t, "  burst: 2\n", "  burst: 2\n  speed: 3\n"),
			want: []string{"scenarios: t.yaml:13: workload.speed: unknown field (want after, burst, foreign, late, late_after, paths, relogin, setup, stagger)"}},
		{name: "unknown server key", yaml: edit(t, "  rotation: rotate\n", "  rotations: rotate\n"),
			want: []string{"scenarios: t.yaml:6: server.rotations: unknown field (want access_ttl, behaviours, refresh_ttl, rotation)"}},
		{name: "unknown step action", yaml: edit(t, "      - delay: 10ms\n", "      - explode: {}\n"),
			want: []string{`scenarios: t.yaml:9: server.behaviours.refresh[0].explode: unknown step field or action "explode" (want times, when, delay, or one action: `}},
		{name: "unknown bare step action", yaml: edit(t, "      - delay: 10ms\n", "      - explode\n"),
			want: []string{`scenarios: t.yaml:9: server.behaviours.refresh[0]: unknown step field or action "explode"`}},
		{name: "two actions in one step", yaml: edit(t, "      - delay: 10ms\n", "      - respond: {status: 503}\n        hang: {}\n"),
			want: []string{`scenarios: t.yaml:10: server.behaviours.refresh[0].hang: a step takes one action; this one has both "respond" and "hang"`}},
		{name: "unknown key in respond params", yaml: edit(t, "      - delay: 10ms\n", "      - respond: {status: 503, colour: red}\n"),
			want: []string{"scenarios: t.yaml:9: server.behaviours.refresh[0].respond.colour: unknown field (want body, clear_cookies, error, error_description, headers, status)"}},
		{name: "unknown key in when", yaml: edit(t, "      - delay: 10ms\n", "      - when: {credential: [expired]}\n"),
			want: []string{"scenarios: t.yaml:9: server.behaviours.refresh[0].when.credential: unknown field (want cred, method, path)"}},
		{name: "unknown cred in when", yaml: edit(t, "      - delay: 10ms\n", "      - when: {cred: [stale]}\n"),
			want: []string{`scenarios: t.yaml:9: server.behaviours.refresh[0].when.cred[0]: unknown credential state "stale"`}},
		{name: "respond status not a number", yaml: edit(t, "      - delay: 10ms\n", "      - respond:\n          status: lots\n"),
			want: []string{"scenarios: t.yaml:10: server.behaviours.refresh[0].respond.status: cannot unmarshal !!str `lots` into int"}},
		{name: "bad step duration", yaml: edit(t, "delay: 10ms", "delay: fast"),
			want: []string{`scenarios: t.yaml:9: server.behaviours.refresh[0].delay: invalid duration "fast": want a number with a unit, like 150ms or 2s`}},
		{name: "bad timing duration", yaml: edit(t, "deadline: 1s", "deadline: fast"),
			want: []string{`scenarios: t.yaml:14: timing.deadline: invalid duration "fast": want a number with a unit, like 150ms or 2s`}},
		{name: "negative duration", yaml: edit(t, "quiet: 100ms", "quiet: -1s"),
			want: []string{`scenarios: t.yaml:15: timing.quiet: invalid duration "-1s": must not be negative`}},
		{name: "negative times", yaml: edit(t, "      - delay: 10ms\n", "      - times: -1\n        hang: {}\n"),
			want: []string{"scenarios: t.yaml:9: server.behaviours.refresh[0].times: -1 is negative"}},
		{name: "respond status 0", yaml: edit(t, "      - delay: 10ms\n", "      - times: 1\n      - respond: {status: 0}\n"),
			want: []string{"scenarios: t.yaml:10: server.behaviours.refresh[1].respond: status 0 is not an HTTP status (want 100 to 599)"}},
		{name: "steps not a list", yaml: edit(t, "    refresh:\n      - delay: 10ms\n", "    refresh: hang\n"),
			want: []string{`scenarios: t.yaml:8: server.behaviours.refresh: want a list, got the scalar "hang"`}},
		{name: "unknown endpoint under behaviours", yaml: edit(t, "    refresh:\n", "    refesh:\n"),
			want: []string{`scenarios: t.yaml:8: server.behaviours.refesh: unknown endpoint "refesh" (want login, refresh, logout, me, api)`}},
		{name: "rotation typo", yaml: edit(t, "rotation: rotate", "rotation: rotating"),
			want: []string{`scenarios: t.yaml:6: server.rotation: unknown policy "rotating" (want off, rotate or reuse-detect)`}},
		{name: "burst 0", yaml: edit(t, "burst: 2", "burst: 0"),
			want: []string{"scenarios: t.yaml:12: workload.burst: must be at least 1"}},
		{name: "burst missing", yaml: edit(t, "  burst: 2\n", ""),
			want: []string{"scenarios: t.yaml:10: workload.burst: must be at least 1"}},
		{name: "burst not a number", yaml: edit(t, "burst: 2", "burst: five"),
			want: []string{"scenarios: t.yaml:12: workload.burst: cannot unmarshal !!str `five` into int"}},
		{name: "late without late_after", yaml: edit(t, "  burst: 2\n", "  burst: 2\n  late: 3\n"),
			want: []string{"scenarios: t.yaml:10: workload.late_after: required when late is more than 0"}},
		{name: "late_after without late", yaml: edit(t, "  burst: 2\n", "  burst: 2\n  late_after: 100ms\n"),
			want: []string{"scenarios: t.yaml:13: workload.late_after: set, but late is 0"}},
		{name: "late_after past the deadline", yaml: edit(t, "  burst: 2\n", "  burst: 2\n  late: 1\n  late_after: 2s\n"),
			want: []string{"scenarios: t.yaml:14: workload.late_after: 2s is not before timing.deadline (1s)"}},
		{name: "negative after", yaml: edit(t, "  burst: 2\n", "  burst: 2\n  after: -1\n"),
			want: []string{"scenarios: t.yaml:13: workload.after: must not be negative"}},
		{name: "unknown op", yaml: edit(t, "setup: [expire-access]", "setup: [expire-access, expire]"),
			want: []string{`scenarios: t.yaml:11: workload.setup[1]: unknown operation "expire" (want expire-access, expire-refresh, revoke, disable)`}},
		{name: "duplicate op", yaml: edit(t, "setup: [expire-access]", "setup:\n    - expire-access\n    - expire-access"),
			want: []string{"scenarios: t.yaml:13: workload.setup[1]: expire-access is listed twice (also setup[0])"}},
		{name: "path without slash", yaml: edit(t, "  burst: 2\n", "  burst: 2\n  paths: [/api/a, api/b]\n"),
			want: []string{`scenarios: t.yaml:13: workload.paths[1]: "api/b" must start with /`}},
		{name: "bad judge id", yaml: edit(t, "judges: [SF-1]", "judges: [SF-1, sf-2]"),
			want: []string{`scenarios: t.yaml:4: judges[1]: "sf-2" is not a rule ID (want two or three capitals, a hyphen and a number, like SF-1)`}},
		{name: "duplicate judge", yaml: edit(t, "judges: [SF-1]", "judges:\n  - SF-1\n  - RP-1\n  - SF-1"),
			want: []string{"scenarios: t.yaml:7: judges[2]: SF-1 is listed twice (also judges[0])"}},
		{name: "no judges", yaml: edit(t, "judges: [SF-1]", "judges: []"),
			want: []string{"scenarios: t.yaml:4: judges: required"}},
		{name: "judges not a list", yaml: edit(t, "judges: [SF-1]", "judges: {SF-1: yes}"),
			want: []string{"scenarios: t.yaml:4: judges: want a list, got a map"}},
		{name: "id differs from the file name", file: "other.yaml", yaml: base,
			want: []string{`scenarios: other.yaml:1: id: "t" differs from the file name (want id: other, or rename the file to t.yaml)`}},
		{name: "id differs from a .yml file name", file: "dir/other.yml", yaml: base,
			want: []string{`scenarios: dir/other.yml:1: id: "t" differs from the file name`}},
		{name: "bad id", file: "T_1.yaml", yaml: edit(t, "id: t", "id: T_1"),
			want: []string{`scenarios: T_1.yaml:1: id: "T_1" is not a valid id`}},
		{name: "missing title", yaml: edit(t, "title: T\n", ""),
			want: []string{"scenarios: t.yaml:1: title: required: a one-line name for reports"}},
		{name: "empty title", yaml: edit(t, "title: T\n", "title: \"  \"\n"),
			want: []string{"scenarios: t.yaml:2: title: required"}},
		{name: "two-line title", yaml: edit(t, "title: T\n", "title: |\n  T\n  U\n"),
			want: []string{"scenarios: t.yaml:2: title: must be one line"}},
		{name: "missing description", yaml: edit(t, "description: D\n", ""),
			want: []string{"scenarios: t.yaml:1: description: required"}},
		{name: "missing timing", yaml: edit(t, "timing:\n  deadline: 1s\n  quiet: 100ms\n", ""),
			want: []string{"scenarios: t.yaml:1: timing.deadline: required", "scenarios: t.yaml:1: timing.quiet: required"}},
		{name: "duplicate key", yaml: edit(t, "title: T\n", "title: T\ntitle: U\n"),
			want: []string{"scenarios: t.yaml:3: title: defined twice (first at line 2)"}},
		{name: "several problems, in line order", yaml: strings.Replace(edit(t, "burst: 2", "burst: 0\n  late: -1"), "judges: [SF-1]", "judges: [S-1]", 1),
			want: []string{`scenarios: t.yaml:4: judges[0]: "S-1" is not a rule ID`, "\nscenarios: t.yaml:12: workload.burst: must be at least 1", "\nscenarios: t.yaml:13: workload.late: must not be negative"}},
		{name: "merge into itself", yaml: edit(t, "workload:\n", "workload: &w\n  <<: *w\n"),
			want: []string{"the document nests or expands too far"}},
		{name: "merges that expand exponentially", yaml: mergeBomb(30),
			want: []string{"scenarios: t.yaml:1: workload: the document nests or expands too far"}},
		{name: "unknown anchor", yaml: edit(t, "judges: [SF-1]", "judges: *rules"),
			want: []string{"scenarios: t.yaml:4: unknown anchor 'rules' referenced"}},
		{name: "empty file", yaml: "",
			want: []string{"scenarios: t.yaml:1: the file is empty; want a scenario map (description, id, judges, server, timing, title, workload)"}},
		{name: "only comments", yaml: "# nothing yet\n",
			want: []string{"scenarios: t.yaml:1: the file is empty"}},
		{name: "empty document", yaml: "---\n",
			want: []string{"scenarios: t.yaml:1: the document is empty"}},
		{name: "syntax error", yaml: edit(t, "judges: [SF-1]", "judges: [SF-1"),
			want: []string{"scenarios: t.yaml:4: did not find expected ',' or ']'"}},
		{name: "tab in indentation", yaml: edit(t, "  burst: 2\n", "\tburst: 2\n"),
			want: []string{"scenarios: t.yaml:12: found character that cannot start any token (a tab in the indentation: YAML indents with spaces only)"}},
		{name: "control character", yaml: edit(t, "title: T", "title: T\x07"),
			want: []string{"scenarios: t.yaml:2: control character U+0007 is not allowed in YAML"}},
		{name: "invalid UTF-8", yaml: edit(t, "title: T", "title: T\xff"),
			want: []string{"scenarios: t.yaml:2: the file is not valid UTF-8"}},
		{name: "second document", yaml: base + "---\nid: u\n",
			want: []string{"scenarios: t.yaml:16: a second YAML document; a file holds one scenario"}},
		{name: "list document", yaml: "- id: t\n",
			want: []string{"scenarios: t.yaml:1: the document is a list; want a scenario map"}},
		{name: "scalar document", yaml: "\n\nslow-refresh\n",
			want: []string{`scenarios: t.yaml:3: the document is the scalar "slow-refresh"; want a scenario map`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = "t.yaml"
			}
			s, err := Parse(file, []byte(tt.yaml))
			if err == nil {
				t.Fatalf("got %+v, no error; want %q", s, tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got error\n%v\nwant it to contain\n%s", err, w)
				}
			}
			// Every line names the file and a line number.
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "scenarios: "+file+":") {
					t.Errorf("got error line %q; want it to start with scenarios: %s:N:", line, file)
				}
			}
			var e *Error
			if !errors.As(err, &e) || e.File != file || e.Line < 1 {
				t.Errorf("got %#v; want an *Error with File %s and a line", e, file)
			}
			if !reflect.DeepEqual(s, Scenario{}) {
				t.Errorf("got %+v with the error; want the zero Scenario", s)
			}
		})
	}
}

// mergeBomb is a one-line document whose merges expand to 2^n maps.
func mergeBomb(n int) string {
	var b strings.Builder
	b.WriteString("workload: {<<: [&a1 {burst: 1}")
	for i := 2; i <= n; i++ {
		fmt.Fprintf(&b, ", &a%d {<<: [*a%d, *a%d]}", i, i-1, i-1)
	}
	b.WriteString("]}\n")
	return b.String()
}

func TestValidate(t *testing.T) {
	good, err := Parse("t.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(*Scenario)
		want   string // "" for valid
	}{
		{name: "valid", change: func(*Scenario) {}},
		{name: "burst 0", change: func(s *Scenario) { s.Workload.Burst = 0 },
			want: "scenarios: workload.burst: must be at least 1"},
		{name: "negative stagger", change: func(s *Scenario) { s.Workload.Stagger = -1 },
			want: "scenarios: workload.stagger: -1ns must not be negative"},
		{name: "negative step delay", change: func(s *Scenario) {
			s.Server.Behaviours[fakeauth.EndpointRefresh][0].Delay = -fakeauth.Duration(time.Millisecond)
		}, want: "scenarios: server.behaviours.refresh[0].delay: -1ms must not be negative"},
		{name: "negative ttl", change: func(s *Scenario) { s.Server.AccessTTL = -1 },
			want: "scenarios: server.access_ttl: -1ns must not be negative"},
		{name: "hold with negative max", change: func(s *Scenario) {
			s.Server.Behaviours[fakeauth.EndpointAPI] = []fakeauth.Step{{Action: &fakeauth.Hold{Max: -1}}}
		}, want: "scenarios: server.behaviours.api[0].hold: max must not be negative"},
		{name: "negative deadline", change: func(s *Scenario) { s.Timing.Deadline = -1 },
			want: "scenarios: timing.deadline: must be more than 0"},
		{name: "no id", change: func(s *Scenario) { s.ID = "" },
			want: "scenarios: id: required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good.clone()
			tt.change(&s)
			err := s.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("got %v; want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v; want %q", err, tt.want)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  Error
		want string
	}{
		{name: "all", err: Error{File: "a.yaml", Line: 12, Field: "workload.burst", Msg: "must be at least 1"},
			want: "scenarios: a.yaml:12: workload.burst: must be at least 1"},
		{name: "no line", err: Error{File: "a.yaml", Field: "id", Msg: "m"}, want: "scenarios: a.yaml: id: m"},
		{name: "no file", err: Error{Field: "id", Msg: "m"}, want: "scenarios: id: m"},
		{name: "no field", err: Error{File: "a.yaml", Line: 3, Msg: "m"}, want: "scenarios: a.yaml:3: m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}

func TestSplitField(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{name: "key", in: "id", want: []string{"id"}},
		{name: "nested", in: "workload.burst", want: []string{"workload", "burst"}},
		{name: "indexes", in: "server.behaviours.refresh[1].when.cred[0]", want: []string{"server", "behaviours", "refresh", "[1]", "when", "cred", "[0]"}},
		{name: "empty", in: "", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitField(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q; want %q", got, tt.want)
			}
			args := make([]any, len(got))
			for i, e := range got {
				if n, ok := index(e); ok {
					args[i] = n
				} else {
					args[i] = e
				}
			}
			if back := field(args...); back != tt.in {
				t.Errorf("field(splitField(%q)) = %q; want it back", tt.in, back)
			}
		})
	}
}

func TestWorkloadPath(t *testing.T) {
	tests := []struct {
		name  string
		paths []string
		i     int
		want  string
	}{
		{name: "default", i: 3, want: DefaultPath},
		{name: "first", paths: []string{"/a", "/b"}, i: 0, want: "/a"},
		{name: "cycles", paths: []string{"/a", "/b"}, i: 3, want: "/b"},
		{name: "negative", paths: []string{"/a", "/b", "/c"}, i: -1, want: "/c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Workload{Paths: tt.paths}).Path(tt.i); got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}
