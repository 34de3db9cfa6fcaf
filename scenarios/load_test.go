package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// scenarioFile returns base with its id set to id.
func scenarioFile(id string) string {
	return strings.Replace(base, "id: t\n", "id: "+id+"\n", 1)
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadDir(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		wantIDs []string
		wantErr []string // substrings; {dir} stands for the folder
	}{
		{
			name: "two files, other files ignored",
			files: map[string]string{
				"b-two.yml":        scenarioFile("b-two"),
				"a-one.yaml":       scenarioFile("a-one"),
				"notes.txt":        "not a scenario",
				"README.md":        "# not a scenario",
				"sub/c-three.yaml": scenarioFile("c-three"),
			},
			wantIDs: []string{"a-one", "b-two"},
		},
		{
			name: "duplicate id",
			files: map[string]string{
				"same.yaml": scenarioFile("same"),
				"same.yml":  scenarioFile("same"),
			},
			wantErr: []string{`scenarios: {dir}/same.yml:1: id: "same" is also the id of {dir}/same.yaml`},
		},
		{
			name: "every bad file reported",
			files: map[string]string{
				"good.yaml": scenarioFile("good"),
				"bad.yaml":  strings.Replace(scenarioFile("bad"), "burst: 2", "burst: 0", 1),
				"ugly.yaml": scenarioFile("ugly") + "colour: red\n",
			},
			wantErr: []string{
				"scenarios: {dir}/bad.yaml:12: workload.burst: must be at least 1",
				"scenarios: {dir}/ugly.yaml:16: colour: unknown field",
			},
		},
		{
			name:    "no scenario files",
			files:   map[string]string{"notes.txt": "x"},
			wantErr: []string{"scenarios: {dir}: no *.yaml or *.yml files"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			list, err := LoadDir(dir)
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("got %d scenarios, no error; want %q", len(list), tt.wantErr)
				}
				for _, w := range tt.wantErr {
					w = strings.ReplaceAll(w, "{dir}/", dir+string(filepath.Separator))
					w = strings.ReplaceAll(w, "{dir}", dir)
					if !strings.Contains(err.Error(), w) {
						t.Errorf("got error\n%v\nwant it to contain\n%s", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("got %v; want no error", err)
			}
			var ids []string
			for _, s := range list {
				ids = append(ids, s.ID)
				if want := filepath.Join(dir, s.ID); !strings.HasPrefix(s.Source, want+".y") {
					t.Errorf("got Source %q; want %s.yaml or .yml", s.Source, want)
				}
			}
			if strings.Join(ids, ",") != strings.Join(tt.wantIDs, ",") {
				t.Errorf("got ids %v; want %v", ids, tt.wantIDs)
			}
		})
	}
}

func TestLoadDirMissing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	_, err := LoadDir(dir)
	if err == nil || !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), "scenarios: "+dir+": ") {
		t.Errorf("got %v; want a scenarios: %s: error wrapping os.ErrNotExist", err, dir)
	}
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"set/x.yaml": {Data: []byte(scenarioFile("x"))},
		"set/y.yaml": {Data: []byte(scenarioFile("x"))},
	}
	_, err := LoadFS(fsys, "set")
	want := `scenarios: set/y.yaml:1: id: "x" differs from the file name (want id: y, or rename the file to x.yaml)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v; want %s", err, want)
	}
}
