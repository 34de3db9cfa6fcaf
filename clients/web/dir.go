package web

import (
	"path/filepath"
	"runtime"
)

// Dir is the folder of the app's sources: the folder of this file, found
// from the build's own record of it, so it works from any working
// directory in this repository. A binary built with -trimpath, or run on a
// machine without the sources, has no such folder, and Bundle says so.
func Dir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	return filepath.Dir(file)
}
