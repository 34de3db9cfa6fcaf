package web

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/authconform/authconform/conformance"
)

// registryEntry is one variant of src/variants/registry.js: its ID and the
// file of its module, relative to src/.
type registryEntry struct{ id, file string }

// readRegistry reads the JS registry: the imports (class -> file) and the
// keys of `export const registry = {...}` (ID -> class), in order.
func readRegistry() ([]registryEntry, error) {
	path := filepath.Join(Dir(), "src", "variants", "registry.js")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	src := string(b)
	files := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^import \{ (\w+)(?:, \w+)* \} from '\./([\w.]+)';`).FindAllStringSubmatch(src, -1) {
		files[m[1]] = "variants/" + m[2]
	}
	files["Reference"] = "auth/reference.js"
	start := strings.Index(src, "export const registry = {")
	end := strings.Index(src[max(start, 0):], "\n};")
	if start < 0 || end < 0 {
		return nil, fmt.Errorf("%s: no `export const registry = {...};`", path)
	}
	var out []registryEntry
	for _, m := range regexp.MustCompile(`(?m)^\s+(\w+): (\w+),$`).FindAllStringSubmatch(src[start:start+end], -1) {
		file, ok := files[m[2]]
		if !ok {
			return nil, fmt.Errorf("%s: variant %s: class %s is not imported from a module of src/variants", path, m[1], m[2])
		}
		out = append(out, registryEntry{id: m[1], file: file})
	}
	return out, nil
}

// TestRegistriesAgree keeps the Go list (variants.go) and the JS registry
// the app selects from in sync.
func TestRegistriesAgree(t *testing.T) {
	reg, err := readRegistry()
	if err != nil {
		t.Fatal(err)
	}
	var js, goIDs []string
	for _, e := range reg {
		js = append(js, e.id)
	}
	for _, v := range Variants() {
		goIDs = append(goIDs, v.ID)
	}
	if !slices.Equal(js, goIDs) {
		t.Fatalf("src/variants/registry.js has %v; variants.go has %v", js, goIDs)
	}
	// Each mutant's module opens with a comment naming its pattern.
	for _, e := range reg[1:] {
		b, err := os.ReadFile(filepath.Join(Dir(), "src", e.file))
		if err != nil {
			t.Fatal(err)
		}
		if want := "// " + e.id + " — "; !strings.HasPrefix(string(b), want) {
			t.Errorf("src/%s does not open with %q", e.file, want)
		}
		v, _ := Lookup(e.id)
		for _, r := range v.Breaks {
			if !strings.Contains(string(b), r) {
				t.Errorf("src/%s: its comment does not name %s, a rule %s breaks", e.file, r, e.id)
			}
		}
	}
}

func TestVariants(t *testing.T) {
	rules := map[string]bool{}
	for _, r := range conformance.Rules() {
		rules[r.ID] = true
	}
	seen := map[string]bool{}
	for i, v := range Variants() {
		if seen[strings.ToLower(v.ID)] {
			t.Errorf("variant %s listed twice", v.ID)
		}
		seen[strings.ToLower(v.ID)] = true
		if v.Name == "" || v.Pattern == "" {
			t.Errorf("variant %s has no name or pattern", v.ID)
		}
		if i == 0 {
			if v.ID != Reference || len(v.Breaks) != 0 {
				t.Errorf("first variant = %s breaking %v; want the reference, breaking nothing", v.ID, v.Breaks)
			}
			continue
		}
		if len(v.Breaks) == 0 {
			t.Errorf("mutant %s breaks no rule", v.ID)
		}
		for _, r := range v.Breaks {
			if !rules[r] {
				t.Errorf("mutant %s breaks %q, which is no rule of conformance.Rules()", v.ID, r)
			}
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name, id, want string
		ok             bool
	}{
		{name: "empty is the reference", id: "", want: Reference, ok: true},
		{name: "exact", id: "M1", want: "M1", ok: true},
		{name: "any case", id: "storage", want: "STORAGE", ok: true},
		{name: "unknown", id: "M11", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := Lookup(tt.id)
			if ok != tt.ok || v.ID != tt.want {
				t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.id, v.ID, ok, tt.want, tt.ok)
			}
		})
	}
	// The copies are the caller's.
	v, _ := Lookup("M1")
	v.Breaks[0] = "changed"
	if w, _ := Lookup("M1"); w.Breaks[0] == "changed" {
		t.Error("Lookup returned the registry's own Breaks slice")
	}
}
