package e2e

import (
	"bytes"
	"context"
	"encoding/xml"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// serveBuilt serves an example's built app (dist/) on 127.0.0.1, as a
// static server with the fallback a single-page app needs: any path that
// is not a file gets index.html. It returns the app's URL.
func serveBuilt(t *testing.T, dir string) string {
	t.Helper()
	dist := filepath.Join(dir, "dist")
	if _, err := os.Stat(filepath.Join(dist, "index.html")); err != nil {
		t.Fatalf("%s is not built: run make deps (npm ci and npm run build in %s): %v", dir, dir, err)
	}
	files := http.FileServer(http.Dir(dist))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := os.Stat(filepath.Join(dist, filepath.FromSlash(r.URL.Path))); err != nil || r.URL.Path == "/" {
			http.ServeFile(w, r, filepath.Join(dist, "index.html"))
			return
		}
		files.ServeHTTP(w, r)
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return "http://" + l.Addr().String() + "/"
}

// junitCase is a testcase of Ginkgo's JUnit report.
type junitCase struct {
	Name    string `xml:"name,attr"`
	Failure *struct {
		Message string `xml:"message,attr"`
	} `xml:"failure"`
	Skipped *struct {
		Message string `xml:"message,attr"`
	} `xml:"skipped"`
}

// TestExampleApps runs each example app, served from its build by a static
// server on a port of its own, through the suite as app:<url> with only its
// profile, the way a user does. Both examples are correct: every rule the
// catalogue judges passes, except the two a black-box app cannot give
// evidence for, which are skipped with their reason.
func TestExampleApps(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite on the example apps in Chromium")
	}
	root := repoRoot(t)
	for _, ex := range []string{"react-fetch", "vue-ky"} {
		t.Run(ex, func(t *testing.T) {
			dir := filepath.Join(root, "examples", ex)
			url := serveBuilt(t, dir)
			junit := filepath.Join(t.TempDir(), "junit.xml")
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, ginkgo(t), "--no-color", "--junit-report="+junit, "./suites", "--",
				"--target=app:"+url, "--profile="+filepath.Join(dir, "authconform.yaml"), "--results=")
			cmd.Dir = root
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			start := time.Now()
			err := cmd.Run()
			t.Logf("%s through app:%s in %v", ex, url, time.Since(start).Round(100*time.Millisecond))
			if err != nil {
				t.Fatalf("the suite failed: %v\n%s", err, tail(out.String(), 6000))
			}
			data, err := os.ReadFile(junit)
			if err != nil {
				t.Fatal(err)
			}
			var report struct {
				Suites []struct {
					Cases []junitCase `xml:"testcase"`
				} `xml:"testsuite"`
			}
			if err := xml.Unmarshal(data, &report); err != nil {
				t.Fatal(err)
			}
			var passed int
			var skipped []string
			for _, s := range report.Suites {
				for _, c := range s.Cases {
					switch {
					case c.Failure != nil:
						t.Errorf("%s failed: %s", c.Name, c.Failure.Message)
					case c.Skipped != nil:
						id, _, _ := strings.Cut(strings.TrimPrefix(c.Name, "[It] conformance "), " · app:")
						skipped = append(skipped, id)
						if !strings.Contains(c.Skipped.Message, "not judged:") {
							t.Errorf("%s skipped without a reason: %q", c.Name, c.Skipped.Message)
						}
					case strings.Contains(c.Name, "[It]"):
						passed++
					}
				}
			}
			slices.Sort(skipped)
			want := []string{"[NL-2] disabled-account", "[NL-2] expired-refresh", "[NL-2] revoked", "[SEC-2] foreign-origin"}
			if !slices.Equal(skipped, want) {
				t.Errorf("skipped: got %q; want %q (no later action once logged out, no calls to another origin)", skipped, want)
			}
			if passed < 50 {
				t.Errorf("passed: got %d specs; want the whole catalogue's (55)", passed)
			}
		})
	}
}

// TestExampleFlawCaught builds the react-fetch example with one line
// changed, so that every 401 starts a refresh of its own (no single
// flight), and checks that the suite fails it on SF-1: the examples' green
// runs are not for lack of teeth.
func TestExampleFlawCaught(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an example and runs the suite on it in Chromium")
	}
	src := filepath.Join(repoRoot(t), "examples", "react-fetch")
	dir := t.TempDir()
	for _, f := range []string{"index.html", "package.json", "vite.config.js", "src"} {
		if out, err := exec.Command("cp", "-r", filepath.Join(src, f), dir).CombinedOutput(); err != nil {
			t.Fatalf("cp %s: %v\n%s", f, err, out)
		}
	}
	if err := os.Symlink(filepath.Join(src, "node_modules"), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	http := filepath.Join(dir, "src", "api", "http.js")
	code, err := os.ReadFile(http)
	if err != nil {
		t.Fatal(err)
	}
	const single = "  if (!s.refreshing) {"
	if !bytes.Contains(code, []byte(single)) {
		t.Fatalf("%s no longer has the line %q this test changes", http, single)
	}
	if err := os.WriteFile(http, bytes.Replace(code, []byte(single), []byte("  if (true) {"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	build := exec.Command("npx", "vite", "build", "--logLevel", "error")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("vite build: %v\n%s", err, out)
	}
	url := serveBuilt(t, dir)
	junit := filepath.Join(t.TempDir(), "junit.xml")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, ginkgo(t), "--no-color", "--junit-report="+junit, "./suites", "--",
		"--target=app:"+url, "--profile="+filepath.Join(src, "authconform.yaml"), "--results=",
		"--scenario=expired-access,rotation-reuse")
	cmd.Dir = repoRoot(t)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err == nil {
		t.Fatalf("the suite passed an app without single flight:\n%s", tail(out.String(), 4000))
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[SF-1] expired-access", "[SF-1] rotation-reuse"} {
		re := "<testcase name=\"[It] conformance " + want
		i := bytes.Index(data, []byte(re))
		if i < 0 {
			t.Errorf("no spec %s in the JUnit report", want)
			continue
		}
		end := bytes.Index(data[i:], []byte("</testcase>"))
		if !bytes.Contains(data[i:i+end], []byte("<failure")) {
			t.Errorf("%s did not fail", want)
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
