package scenarios

import (
	"encoding/json"
	"errors"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// catalogueIDs are the scenarios BRIEF section 3 asks for, with the rules
// each one judges.
var catalogueIDs = map[string][]string{
	"expired-access":       {"SF-1", "SF-2", "RP-1", "RT-1"},
	"late-401":             {"SF-3", "SF-1"},
	"expired-refresh":      {"RR-1", "RJ-1", "RJ-2", "LO-1", "LO-2", "NL-1", "NL-2"},
	"revoked":              {"RR-1", "RJ-1", "RJ-2", "LO-1", "LO-2", "NL-1", "NL-2"},
	"disabled-account":     {"RR-1", "RJ-1", "RJ-2", "LO-1", "LO-2", "NL-1", "NL-2"},
	"slow-refresh":         {"SF-1", "SF-2", "RP-1"},
	"slow-refresh-failure": {"SF-2", "RJ-1", "LO-1"},
	"refresh-hang":         {"TO-1", "RJ-1"},
	"refresh-5xx":          {"TR-1", "TR-2"},
	"refresh-5xx-always":   {"TR-1", "RJ-1"},
	"refresh-drop":         {"TR-1", "RJ-1"},
	"refresh-unusable":     {"NL-1", "SF-1"},
	"logout-fails":         {"LO-3", "NL-1", "LO-1"},
	"logout-fails-401":     {"LO-3", "NL-1", "LO-1"},
	"logout-fails-hang":    {"LO-3", "NL-1", "LO-1"},
	"rotation-reuse":       {"RT-1", "SF-1"},
	"relogin":              {"RS-1"},
	"foreign-origin":       {"SEC-2", "SEC-1"},
	"refresh-drop-once":    {"TR-1", "TR-2"},
}

func TestCatalogueFilesParse(t *testing.T) {
	names, err := fs.Glob(catalogueFS, "catalogue/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(catalogueIDs) {
		t.Errorf("got %d catalogue files; want %d", len(names), len(catalogueIDs))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data, err := fs.ReadFile(catalogueFS, name)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(name, data)
			if err != nil {
				t.Fatalf("got %v; want no error", err)
			}
			if err := s.Validate(); err != nil {
				t.Errorf("Validate: got %v; want nil", err)
			}
			if want, _ := idFromName(name); s.ID != want {
				t.Errorf("got id %q; want the file name %q", s.ID, want)
			}
			if s.Source != name {
				t.Errorf("got Source %q; want %q", s.Source, name)
			}
			if want, ok := catalogueIDs[s.ID]; !ok {
				t.Errorf("scenario %q is not in the catalogue list of this test", s.ID)
			} else if !slices.Equal(s.Judges, want) {
				t.Errorf("got judges %v; want %v", s.Judges, want)
			}
			if n := strings.Count(strings.TrimSpace(s.Description), ". ") + 1; n < 2 || n > 4 {
				t.Errorf("got a description of %d sentences; want two to four", n)
			}
		})
	}
}

func TestCatalogue(t *testing.T) {
	list := Catalogue()
	var ids []string
	for _, s := range list {
		ids = append(ids, s.ID)
	}
	if !slices.IsSorted(ids) {
		t.Errorf("got ids %v; want them sorted", ids)
	}
	if len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("got ids %v; want them unique", ids)
	}
	for id := range catalogueIDs {
		if !slices.Contains(ids, id) {
			t.Errorf("catalogue lacks %q", id)
		}
	}

	// Each call returns copies: changing one leaves the catalogue alone.
	list[0].Judges[0] = "XX-0"
	list[0].Workload.Burst = -1
	for _, s := range list {
		for ep := range s.Server.Behaviours {
			s.Server.Behaviours[ep][0].Times = 99
		}
	}
	again := Catalogue()
	if again[0].Judges[0] == "XX-0" || again[0].Workload.Burst == -1 {
		t.Errorf("got a changed catalogue after changing a copy: %+v", again[0])
	}
	for _, s := range again {
		for ep, steps := range s.Server.Behaviours {
			if steps[0].Times == 99 {
				t.Errorf("%s: got behaviours.%s changed through a copy", s.ID, ep)
			}
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name, id string
		wantErr  string
	}{
		{name: "known", id: "slow-refresh"},
		{name: "known first", id: "disabled-account"},
		{name: "known last", id: "slow-refresh-failure"},
		{name: "unknown", id: "slow", wantErr: `scenarios: unknown scenario "slow" (known: disabled-account, expired-access, `},
		{name: "empty", id: "", wantErr: `scenarios: unknown scenario "" (known: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Lookup(tt.id)
			if tt.wantErr == "" {
				if err != nil || s.ID != tt.id {
					t.Fatalf("got %q, %v; want %q, nil", s.ID, err, tt.id)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("got error %v; want one starting %q", err, tt.wantErr)
			}
			if !errors.Is(err, ErrUnknown) {
				t.Errorf("got %v; want it to wrap ErrUnknown", err)
			}
			for id := range catalogueIDs {
				if !strings.Contains(err.Error(), id) {
					t.Errorf("got %v; want it to list %s", err, id)
				}
			}
		})
	}
}

// TestCatalogueRoundTrip: a scenario written as YAML or JSON reads back the
// same, so files, the control API and evidence can carry scenarios.
func TestCatalogueRoundTrip(t *testing.T) {
	for _, s := range Catalogue() {
		t.Run(s.ID, func(t *testing.T) {
			y, err := yaml.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			back, err := Parse(s.Source, y)
			if err != nil {
				t.Fatalf("got %v reading back\n%s", err, y)
			}
			if !reflect.DeepEqual(back, s) {
				t.Errorf("YAML: got %+v; want %+v", back, s)
			}

			j, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			var fromJSON Scenario
			if err := json.Unmarshal(j, &fromJSON); err != nil {
				t.Fatalf("got %v reading back %s", err, j)
			}
			fromJSON.Source = s.Source // not carried in JSON
			if !reflect.DeepEqual(fromJSON, s) {
				t.Errorf("JSON: got %+v; want %+v", fromJSON, s)
			}
		})
	}
}
