package scenarios

import (
	"io/fs"
	"reflect"
	"testing"
)

func FuzzParse(f *testing.F) {
	names, err := fs.Glob(catalogueFS, "catalogue/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(catalogueFS, name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		base,
		"",
		"---\n",
		"- a\n",
		"id: t\n---\nid: u\n",
		"id: t\n\ttitle: x\n",
		"id: &a [*a]\n",
		"workload: &w\n  <<: *w\n",
		"server:\n  behaviours:\n    refresh:\n      - respond: {status: 0}\n        hang\n",
		"server:\n  behaviours:\n    api: [hang, drop, {hold: {max: 1s}}, {times: -1}]\n",
		"timing: {deadline: fast}\n",
		"judges: [SF-1, SF-1, x]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("t.yaml", data)
		if err != nil {
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Parse accepted %q but Validate says %v", data, err)
		}
		if c := s.Scaled(1); !reflect.DeepEqual(c, s) {
			t.Fatalf("Parse accepted %q but Scaled(1) differs:\n%+v\n%+v", data, c, s)
		}
	})
}
