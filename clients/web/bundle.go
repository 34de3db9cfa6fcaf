package web

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"
)

// Entry is the bundle's entry point, relative to Dir.
const Entry = "src/main.js"

// packages are the npm packages the app imports; Bundle checks they are
// installed before building, to give the fix rather than esbuild's
// resolution errors.
var packages = []string{"axios", "zustand"}

// ErrNoNodeModules is returned (wrapped) by Bundle when the app's npm
// packages are not installed.
var ErrNoNodeModules = errors.New("web: the app's npm packages are not installed")

var bundle struct {
	mu  sync.Mutex
	out []byte
}

// Bundle builds the app with esbuild from Dir's src/ into one script, the
// page's app.js. The packages in node_modules must be installed (make deps,
// or npm ci in Dir); without them it returns an error wrapping
// ErrNoNodeModules that says so. A successful build is cached for the
// process; a failed one is tried again on the next call. The result is
// shared: do not modify it.
func Bundle() ([]byte, error) {
	bundle.mu.Lock()
	defer bundle.mu.Unlock()
	if bundle.out != nil {
		return bundle.out, nil
	}
	out, err := build(Dir())
	if err != nil {
		return nil, err
	}
	bundle.out = out
	return out, nil
}

// build bundles the app whose sources are in dir.
func build(dir string) ([]byte, error) {
	if dir == "" {
		return nil, errors.New("web: cannot find the app's sources: this binary does not know where it was built from")
	}
	if _, err := os.Stat(filepath.Join(dir, Entry)); err != nil {
		return nil, fmt.Errorf("web: the app's sources are not at %s (built with -trimpath, or moved?): %w", dir, err)
	}
	for _, p := range packages {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", p, "package.json")); err != nil {
			return nil, fmt.Errorf("%w: %s has no node_modules/%s: run: make deps (or: npm ci --prefix %s)", ErrNoNodeModules, dir, p, dir)
		}
	}
	res := api.Build(api.BuildOptions{
		AbsWorkingDir: dir,
		EntryPoints:   []string{filepath.Join(dir, Entry)},
		Bundle:        true,
		Write:         false,
		Outfile:       filepath.Join(dir, "app.js"), // names the output; nothing is written
		Format:        api.FormatIIFE,
		Platform:      api.PlatformBrowser,
		Target:        api.ES2020,
		Charset:       api.CharsetUTF8,
		LegalComments: api.LegalCommentsEndOfFile,
		Define:        map[string]string{"process.env.NODE_ENV": `"production"`},
		LogLevel:      api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		msgs := api.FormatMessages(res.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage})
		return nil, fmt.Errorf("web: bundling %s failed:\n%s", filepath.Join(dir, Entry), strings.TrimSpace(strings.Join(msgs, "")))
	}
	for _, f := range res.OutputFiles {
		if strings.HasSuffix(f.Path, ".js") {
			return f.Contents, nil
		}
	}
	return nil, errors.New("web: esbuild produced no script")
}
