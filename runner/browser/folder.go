package browser

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// A browser keeps everything it writes (profile, TMPDIR, crash database) in
// one folder of the system's temp folder, named tempPrefix + random, which
// holds an ownerFile naming the process that made it. Close removes the
// folder; a process killed before it could close leaves it behind, and the
// next browser to start anywhere on the machine removes it.
const (
	tempPrefix = "authconform-browser-"
	ownerFile  = "owner"
)

// makeFolder sweeps the folders of dead processes and makes a new one.
func makeFolder() (string, error) {
	sweepStale()
	dir, err := os.MkdirTemp("", tempPrefix)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(processID(os.Getpid())), 0o600); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// processID names a running process so that a later process with the same
// pid does not pass for it: its pid and start time. It is "" for a process
// that is gone (or on a system without /proc).
func processID(pid int) string {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	// pid (comm) state ppid ... starttime is the 20th field after comm,
	// which may hold spaces and parentheses.
	f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(f) < 20 {
		return ""
	}
	return strconv.Itoa(pid) + " " + f[19]
}

// sweepStale removes the folders whose owner is gone, after killing what
// still runs from them. Without /proc it cannot tell, and does nothing.
func sweepStale() {
	if processID(os.Getpid()) == "" {
		return
	}
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+"*"))
	for _, dir := range dirs {
		owner, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			continue // not made by makeFolder, or being made
		}
		pid, _, _ := strings.Cut(string(owner), " ")
		n, err := strconv.Atoi(pid)
		if err != nil || processID(n) == string(owner) {
			continue // alive
		}
		killUsing(dir)
		os.RemoveAll(dir)
	}
}

// killUsing kills the processes whose command line names a path inside dir
// (the browser and every child, which all get the profile folder or the
// crash database there) until none shows up for a few looks in a row: a
// child can fork as its parent dies. It gives up after two seconds.
func killUsing(dir string) {
	inside := dir + string(filepath.Separator)
	const quietLooks, pause, limit = 3, 10 * time.Millisecond, 2 * time.Second
	deadline := time.Now().Add(limit)
	for quiet := 0; quiet < quietLooks && time.Now().Before(deadline); {
		if killed := killMatching(inside); killed == 0 {
			quiet++
		} else {
			quiet = 0
		}
		time.Sleep(pause)
	}
}

// killMatching sends SIGKILL to the processes whose command line contains
// s and returns how many it found.
func killMatching(s string) int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	self, n := os.Getpid(), 0
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		args, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err != nil || !bytes.Contains(args, []byte(s)) {
			continue
		}
		if p, err := os.FindProcess(pid); err == nil && p.Kill() == nil {
			n++
		}
	}
	return n
}
