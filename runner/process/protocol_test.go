package process

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
)

// TestHelloInDocs: the hello example in docs/process-protocol.md is what
// the harness sends for the default contract and a 3s deadline.
func TestHelloInDocs(t *testing.T) {
	doc, err := os.ReadFile("../../docs/process-protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	h := newHello(runner.Env{
		ServerURL: "http://127.0.0.1:40123", Contract: fakeauth.DefaultContract,
		RefreshTimeout: 600 * time.Millisecond, LogoutTimeout: 600 * time.Millisecond,
	}, DefaultShutdownGrace)
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), string(b)) {
		t.Errorf("docs/process-protocol.md does not show the hello the harness sends:\n%s", b)
	}
}
