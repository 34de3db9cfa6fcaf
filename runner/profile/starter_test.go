package profile

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestStarterParses(t *testing.T) {
	p, err := Parse("authconform.yaml", Starter())
	if err != nil {
		t.Fatalf("got %v; want no error", err)
	}
	if p.Auth.Style != "cookie" || p.App.Mode != ModeFronting || len(p.API) == 0 {
		t.Errorf("got %+v; want the cookie-style fronting profile of the reference app", p)
	}
	s := Starter()
	s[0] = 'X'
	if Starter()[0] == 'X' {
		t.Error("Starter returned its own bytes; want a copy")
	}
}

// TestStarterTeaches checks that the starter's comments explain every
// top-level key and that every field of every section appears in it, set
// or commented out.
func TestStarterTeaches(t *testing.T) {
	text := string(Starter())
	for _, key := range sortedNames(yamlFields(reflect.TypeFor[Profile]())) {
		if !regexp.MustCompile(`(?m)^# ` + key + `\b`).MatchString(text) {
			t.Errorf("no comment line starts with %q", "# "+key)
		}
	}
	var walk func(t reflect.Type, f path)
	walk = func(typ reflect.Type, f path) {
		for name, i := range yamlFields(typ) {
			ft := typ.Field(i).Type
			if !regexp.MustCompile(`(?m)(^|[ {#])` + name + `:`).MatchString(text) {
				t.Errorf("the starter lacks %s", f.key(name))
			}
			if ft.Kind() == reflect.Struct {
				walk(ft, f.key(name))
			}
		}
	}
	walk(reflect.TypeFor[Profile](), nil)
	for _, want := range []string{"fronting", "interception", "script:", "{{username}}", "{{password}}", "default"} {
		if !strings.Contains(text, want) {
			t.Errorf("the starter never mentions %q", want)
		}
	}
}

// TestStarterAlternatives uncomments the starter's alternatives and checks
// that each parses as it says.
func TestStarterAlternatives(t *testing.T) {
	text := string(Starter())
	swap := func(t *testing.T, s string, pairs ...string) string {
		t.Helper()
		for i := 0; i+1 < len(pairs); i += 2 {
			if !strings.Contains(s, pairs[i]) {
				t.Fatalf("the starter has no %q", pairs[i])
			}
			s = strings.Replace(s, pairs[i], pairs[i+1], 1)
		}
		return s
	}
	tests := []struct {
		name  string
		pairs []string
	}{
		{"interception", []string{"  mode: fronting\n", "  mode: interception\n", "  # api_origin: http", "  api_origin: http", "  style: cookie\n", "  style: bearer\n"}},
		{"login by script", []string{"  fill:\n", "  # fill:\n", `    "#username"`, `    # "#username"`, `    "#password"`, `    # "#password"`,
			"  submit: ", "  # submit: ", "  # script: |\n  #   await", "  script: |\n    await"}},
		{"burst by route", []string{"  click: ", "  # click: ", "  # route: /items", "  route: /items"}},
		{"logged out by url", []string{"  # url: /login$", "  url: /login$"}},
		{"storage keys", []string{"# storage_keys: [", "storage_keys: ["}},
		{"bare access header", []string{"  style: cookie\n", "  style: bearer\n", "  # access_header: Authorization", "  access_header: Authorization"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := swap(t, text, tt.pairs...)
			if _, err := Parse("authconform.yaml", []byte(src)); err != nil {
				t.Errorf("got %v; want no error", err)
			}
		})
	}
}
