package web

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBundle(t *testing.T) {
	js, err := Bundle()
	if err != nil {
		t.Fatalf("Bundle: %v", err) // never a skip: make deps (npm ci) runs before the tests
	}
	again, err := Bundle()
	if err != nil || &again[0] != &js[0] {
		t.Errorf("second Bundle: not the cached build (err %v)", err)
	}
	for _, want := range []string{
		"// node_modules/axios/lib/core/Axios.js",
		"// node_modules/zustand/",
		"// " + Entry,
	} {
		if !strings.Contains(string(js), want) {
			t.Errorf("bundle has no %q", want)
		}
	}
	reg, err := readRegistry()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range reg {
		if !strings.Contains(string(js), "// src/"+e.file+"\n") {
			t.Errorf("variant %s: its module src/%s is not in the bundle", e.id, e.file)
		}
	}
}

func TestBundleWithoutNodeModules(t *testing.T) {
	dir := t.TempDir()
	entry := filepath.Join(dir, filepath.FromSlash(Entry))
	if err := os.MkdirAll(filepath.Dir(entry), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(entry, []byte("import axios from 'axios';\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := build(dir)
	if !errors.Is(err, ErrNoNodeModules) {
		t.Fatalf("build without node_modules: got %v; want ErrNoNodeModules", err)
	}
	if !strings.Contains(err.Error(), "make deps") || !strings.Contains(err.Error(), "npm ci") {
		t.Errorf("error %q does not give the fix (make deps, npm ci)", err)
	}
}

func TestBundleErrors(t *testing.T) {
	tests := []struct {
		name string
		dir  string
		want string
	}{
		{name: "no sources", dir: t.TempDir(), want: "sources are not at"},
		{name: "unknown dir", dir: "", want: "cannot find the app's sources"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := build(tt.dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v; want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestDir(t *testing.T) {
	if _, err := os.Stat(filepath.Join(Dir(), "package-lock.json")); err != nil {
		t.Errorf("Dir() = %q holds no package-lock.json: %v", Dir(), err)
	}
}
