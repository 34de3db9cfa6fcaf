package profile

import (
	"strings"
	"testing"

	"github.com/authconform/authconform/fakeauth"
)

func FuzzParse(f *testing.F) {
	f.Add(Starter())
	for _, src := range valid(f) {
		f.Add([]byte(src))
	}
	for _, tt := range malformed(f) {
		f.Add([]byte(tt.yaml))
	}
	for _, s := range []string{
		"---\n",
		"api: &a {x: *a}\n",
		"login: &l {<<: *l}\n",
		"api:\n  /api/a: &s \"" + strings.Repeat("x", 100) + "\"\n  /api/b: [*s, *s, *s]\n",
		"version: 1\napp: {url: \"http://[::1]:5173\"}\n",
		"? [a]\n: b\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("f.yaml", data)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "profile: f.yaml:") {
					t.Fatalf("an error line lacks the \"profile: f.yaml:LINE\" prefix: %q\nof %q", line, err)
				}
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("Parse accepted %q but Validate says %v", data, err)
		}
		if err := p.WithDefaults().Validate(); err != nil {
			t.Fatalf("Parse accepted %q but with defaults Validate says %v", data, err)
		}
		if _, err := fakeauth.NewUnstartedServer(fakeauth.Config{Contract: p.Contract(), Canned: p.API, JournalLimit: 1}); err != nil {
			t.Fatalf("Parse accepted %q but fakeauth refuses its contract: %v", data, err)
		}
	})
}
