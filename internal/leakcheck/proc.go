package leakcheck

import (
	"bytes"
	"encoding/hex"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

func runtimeStack(buf []byte) int { return runtime.Stack(buf, true) }

// proc is a process as /proc shows it.
type proc struct {
	ppid  int
	state string
	args  string
}

// readProcs lists the processes of the machine from /proc.
func readProcs() map[int]proc {
	entries, _ := os.ReadDir("/proc")
	out := map[int]proc{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue // gone meanwhile
		}
		// pid (comm) state ppid ...; comm may hold spaces.
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(stat[i+1:]))
		if len(f) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		args, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		out[pid] = proc{ppid: ppid, state: f[0], args: string(bytes.TrimSpace(bytes.ReplaceAll(args, []byte{0}, []byte{' '})))}
	}
	return out
}

// socketInodes returns the inodes of the sockets this process holds open.
func socketInodes() []string {
	fds, _ := os.ReadDir("/proc/self/fd")
	var out []string
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err != nil {
			continue
		}
		if ino, ok := strings.CutPrefix(link, "socket:["); ok {
			out = append(out, strings.TrimSuffix(ino, "]"))
		}
	}
	return out
}

type socket struct{ addr, inode string }

// listening reads /proc/self/net/tcp or tcp6 and returns the sockets in
// state LISTEN.
func listening(proto string) []socket {
	b, err := os.ReadFile("/proc/self/net/" + proto)
	if err != nil {
		return nil
	}
	var out []socket
	for _, line := range strings.Split(string(b), "\n")[1:] {
		// sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
		f := strings.Fields(line)
		if len(f) < 10 || f[3] != "0A" {
			continue
		}
		out = append(out, socket{addr: hexAddr(f[1]), inode: f[9]})
	}
	return out
}

// hexAddr turns /proc's "0100007F:1F90" into "127.0.0.1:8080".
func hexAddr(s string) string {
	host, port, ok := strings.Cut(s, ":")
	if !ok {
		return s
	}
	p, _ := strconv.ParseUint(port, 16, 16)
	raw, err := hex.DecodeString(host)
	if err != nil {
		return s
	}
	// Each 32-bit word is in host (little-endian) order.
	for i := 0; i+4 <= len(raw); i += 4 {
		raw[i], raw[i+1], raw[i+2], raw[i+3] = raw[i+3], raw[i+2], raw[i+1], raw[i]
	}
	return net.JoinHostPort(net.IP(raw).String(), strconv.FormatUint(p, 10))
}
