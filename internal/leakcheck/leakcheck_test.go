package leakcheck

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFindsLeaks leaks one of each kind, checks that each is reported, then
// cleans up and checks that nothing is.
func TestFindsLeaks(t *testing.T) {
	dir := t.TempDir()
	glob := filepath.Join(dir, "leak-*")
	s := Take(glob)
	if got := s.Leaks(0); len(got) != 0 {
		t.Fatalf("before leaking: got %q; want nothing", got)
	}

	stop := make(chan struct{})
	go func() { <-stop }()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "leak-1")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}

	leaks := strings.Join(s.Leaks(50*time.Millisecond), "\n")
	for _, want := range []string{
		"goroutine ", "leakcheck.TestFindsLeaks.func1",
		"listening socket tcp " + l.Addr().String(),
		"sleep 30",
		"folder " + folder,
	} {
		if !strings.Contains(leaks, want) {
			t.Errorf("leaks %q; want them to mention %q", leaks, want)
		}
	}

	close(stop)
	l.Close()
	cmd.Process.Kill()
	cmd.Wait()
	os.Remove(folder)
	if got := s.Leaks(2 * time.Second); len(got) != 0 {
		t.Errorf("after cleaning up: got %q; want nothing", got)
	}
}

func TestHexAddr(t *testing.T) {
	for in, want := range map[string]string{
		"0100007F:1F90":                         "127.0.0.1:8080",
		"00000000000000000000000001000000:0050": "[::1]:80",
	} {
		if got := hexAddr(in); got != want {
			t.Errorf("hexAddr(%q): got %q; want %q", in, got, want)
		}
	}
}
