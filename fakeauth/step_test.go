package fakeauth_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/authconform/authconform/fakeauth"
)

// everyAction is a script that uses every action, every step field and
// every Respond parameter.
func everyAction() fakeauth.Script {
	return fakeauth.Script{
		AccessTTL:  ms(500),
		RefreshTTL: fakeauth.Duration(time.Hour),
		Rotation:   fakeauth.RotationReuseDetect,
		Behaviours: map[fakeauth.Endpoint][]fakeauth.Step{
			fakeauth.EndpointRefresh: {
				{Times: 2, Action: &fakeauth.Respond{
					Status: 503, Error: "temporarily_unavailable", ErrorDescription: "try later",
					Headers: map[string]string{"Retry-After": "1"}, ClearCookies: true,
				}},
				{Times: 1, Delay: ms(300)},
				{Times: 1, Action: &fakeauth.Respond{Status: 500, Body: map[string]any{"message": "boom"}}},
				{Times: 1, Action: &fakeauth.Drop{}},
				{Action: &fakeauth.Hang{}},
			},
			fakeauth.EndpointAPI: {
				{When: &fakeauth.Match{Cred: []fakeauth.Cred{fakeauth.CredExpired, fakeauth.CredSpent}, Method: "GET", Path: "/api/slow*"},
					Action: &fakeauth.Hold{Max: fakeauth.Duration(2 * time.Second)}},
				{Action: &fakeauth.Pass{}},
			},
			fakeauth.EndpointLogout: {{Delay: ms(10), Action: &fakeauth.Hold{}}},
		},
	}
}

func TestScriptRoundTrip(t *testing.T) {
	want := everyAction()
	used := map[string]bool{}
	for _, steps := range want.Behaviours {
		for _, st := range steps {
			if st.Action != nil {
				used[st.Action.Name()] = true
			}
		}
	}
	for _, name := range fakeauth.ActionNames() {
		if !used[name] {
			t.Errorf("everyAction: action %q unused; want every registered action covered", name)
		}
	}
	codecs := []struct {
		name      string
		marshal   func(any) ([]byte, error)
		unmarshal func([]byte, any) error
	}{
		{"json", json.Marshal, json.Unmarshal},
		{"yaml", yaml.Marshal, yaml.Unmarshal},
	}
	for _, c := range codecs {
		t.Run(c.name, func(t *testing.T) {
			b, err := c.marshal(want)
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			var got fakeauth.Script
			if err := c.unmarshal(b, &got); err != nil {
				t.Fatalf("unmarshal: %v\n%s", err, b)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip: got %s; want %s\n%s", dump(got), dump(want), b)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

// dump prints a script with its actions' parameters.
func dump(sc fakeauth.Script) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{%v %v %s", sc.AccessTTL, sc.RefreshTTL, sc.Rotation)
	for ep, steps := range sc.Behaviours {
		fmt.Fprintf(&b, " %s:", ep)
		for _, st := range steps {
			fmt.Fprintf(&b, " {%d %+v %v %T%+v}", st.Times, st.When, st.Delay, st.Action, st.Action)
		}
	}
	return b.String() + "}"
}

func TestStepShortForms(t *testing.T) {
	tests := []struct {
		name string
		json string
		yaml string
		want fakeauth.Step
	}{
		{name: "action name", json: `"hang"`, yaml: `hang`, want: fakeauth.Step{Action: &fakeauth.Hang{}}},
		{name: "action without params", json: `{"drop":null}`, yaml: `drop:`, want: fakeauth.Step{Action: &fakeauth.Drop{}}},
		{name: "delay only", json: `{"delay":"1.5s"}`, yaml: `delay: 1.5s`, want: fakeauth.Step{Delay: fakeauth.Duration(1500 * time.Millisecond)}},
		{name: "empty", json: `{}`, yaml: `{}`, want: fakeauth.Step{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fromJSON, fromYAML fakeauth.Step
			if err := json.Unmarshal([]byte(tt.json), &fromJSON); err != nil || !reflect.DeepEqual(fromJSON, tt.want) {
				t.Errorf("json %s: got %+v, %v; want %+v", tt.json, fromJSON, err, tt.want)
			}
			if err := yaml.Unmarshal([]byte(tt.yaml), &fromYAML); err != nil || !reflect.DeepEqual(fromYAML, tt.want) {
				t.Errorf("yaml %s: got %+v, %v; want %+v", tt.yaml, fromYAML, err, tt.want)
			}
		})
	}
}

func TestStepDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		json string
		// yaml is a list of steps whose bad one is on line 2 or later;
		// line is where the error must point.
		yaml string
		line int
		want string
	}{
		{
			name: "unknown action",
			json: `{"explode":{}}`,
			yaml: "- hang\n- explode: {}\n", line: 2,
			want: `unknown step field or action "explode"`,
		},
		{
			name: "unknown action name",
			json: `"explode"`,
			yaml: "- hang\n- explode\n", line: 2,
			want: `unknown step field or action "explode"`,
		},
		{
			name: "two actions",
			json: `{"hang":{},"drop":{}}`,
			yaml: "- hang\n- times: 1\n  hang: {}\n  drop: {}\n", line: 4,
			want: "a step takes one action",
		},
		{
			name: "unknown parameter",
			json: `{"respond":{"status":503,"colour":"red"}}`,
			yaml: "- hang\n- respond:\n    status: 503\n    colour: red\n", line: 4,
			want: `"colour"`,
		},
		{
			name: "unknown when key",
			json: `{"when":{"colour":"red"},"hang":{}}`,
			yaml: "- hang\n- when: {colour: red}\n  hang: {}\n", line: 2,
			want: `"colour"`,
		},
		{
			name: "unknown cred",
			json: `{"when":{"cred":["tasty"]}}`,
			yaml: "- hang\n- when:\n    cred: [tasty]\n", line: 2,
			want: `unknown credential state "tasty"`,
		},
		{
			name: "bad duration",
			json: `{"delay":"soon"}`,
			yaml: "- hang\n- delay: soon\n", line: 2,
			want: `invalid duration "soon"`,
		},
		{
			name: "negative duration",
			json: `{"hold":{"max":"-1s"}}`,
			yaml: "- hang\n- hold: {max: -1s}\n", line: 2,
			want: "must not be negative",
		},
		{
			name: "negative times",
			json: `{"times":-1,"hang":{}}`,
			yaml: "- hang\n- hang: {}\n  times: -1\n", line: 3,
			want: "-1 is negative",
		},
		{
			name: "times not a number",
			json: `{"times":"twice"}`,
			yaml: "- hang\n- times: twice\n", line: 2,
			want: "int",
		},
		{
			name: "not a map",
			json: `[1]`,
			yaml: "- hang\n- [1]\n", line: 2,
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var st fakeauth.Step
			err := json.Unmarshal([]byte(tt.json), &st)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("json %s: got %v; want an error with %q", tt.json, err, tt.want)
			}

			var steps []fakeauth.Step
			err = yaml.Unmarshal([]byte(tt.yaml), &steps)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("yaml %q: got %v; want an error with %q", tt.yaml, err, tt.want)
			}
			if lines := yamlLines(err.Error()); !reflect.DeepEqual(lines, []string{fmt.Sprint(tt.line)}) {
				t.Errorf("yaml %q: got error %q naming lines %v; want line %d", tt.yaml, err, lines, tt.line)
			}
		})
	}
}

// yamlLines lists the lines a YAML error names ("line N:").
func yamlLines(msg string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`line (\d+):`).FindAllStringSubmatch(msg, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestScriptValidate(t *testing.T) {
	tests := []struct {
		name   string
		script fakeauth.Script
		want   string
	}{
		{name: "status", script: steps(fakeauth.EndpointRefresh, fakeauth.Step{}, fakeauth.Step{Action: &fakeauth.Respond{}}), want: "behaviours.refresh[1].respond: status 0"},
		{name: "negative times", script: steps(fakeauth.EndpointAPI, fakeauth.Step{Times: -2}), want: "behaviours.api[0].times: -2 is negative"},
		{name: "negative hold", script: steps(fakeauth.EndpointMe, fakeauth.Step{Action: &fakeauth.Hold{Max: -1}}), want: "behaviours.me[0].hold: max must not be negative"},
		{name: "unknown endpoint", script: steps("token", fakeauth.Step{}), want: `unknown endpoint "token"`},
		{name: "unknown rotation", script: fakeauth.Script{Rotation: "sometimes"}, want: `unknown policy "sometimes"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.script.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate: got %v; want %q", err, tt.want)
			}
			srv, err := fakeauth.NewServer(fakeauth.Config{Script: tt.script})
			if err == nil {
				srv.Close()
				t.Fatalf("NewServer: got no error; want %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), "fakeauth: script: ") {
				t.Errorf("NewServer: got %q; want fakeauth: script: ...", err)
			}
		})
	}
}

func TestNewAction(t *testing.T) {
	for _, name := range fakeauth.ActionNames() {
		a, err := fakeauth.NewAction(name)
		if err != nil || a.Name() != name {
			t.Errorf("NewAction(%q): got %v, %v; want an action named so", name, a, err)
		}
	}
	if _, err := fakeauth.NewAction("explode"); err == nil || !strings.Contains(err.Error(), `unknown action "explode"`) {
		t.Errorf("NewAction(explode): got %v; want an unknown action error", err)
	}
}
