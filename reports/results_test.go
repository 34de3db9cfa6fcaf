package reports_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/reports"
)

func TestJSONGolden(t *testing.T) {
	var b bytes.Buffer
	if err := reports.WriteJSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, "results.golden.json", b.Bytes())

	got, err := reports.ReadJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sample()) {
		t.Errorf("ReadJSON(WriteJSON(sample)) differs from sample:\ngot  %+v\nwant %+v", got, sample())
	}
}

func TestReadJSONRefuses(t *testing.T) {
	tests := []struct {
		name, in, want string
		is             error
	}{
		{name: "not JSON", in: "<html>", want: "reports: reading results"},
		{name: "no version", in: `{"records":[]}`, is: reports.ErrNotResults},
		{name: "newer version", in: `{"version":2,"records":[]}`, want: "results version 2; this tool reads version 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := reports.ReadJSON(strings.NewReader(tt.in))
			switch {
			case err == nil:
				t.Fatal("got no error")
			case tt.is != nil && !errors.Is(err, tt.is):
				t.Errorf("got %v; want %v", err, tt.is)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("got %v; want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestReadJSONIgnoresNewFields(t *testing.T) {
	res, err := reports.ReadJSON(strings.NewReader(`{"version":1,"coming_soon":true,"records":[{"scenario":"s","target":"go","style":"cookie","verdicts":[],"later":1}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 1 || res.Records[0].Name() != "s · go · cookie" {
		t.Errorf("got %+v; want one record s · go · cookie", res.Records)
	}
}

// TestAdd puts a run back together from the parts parallel processes saw.
func TestAdd(t *testing.T) {
	full := expiredRefreshM1()
	var res reports.Results
	for i := len(full.Verdicts) - 1; i >= 0; i-- { // parts arrive in any order
		part := full
		part.Verdicts = []conformance.Verdict{full.Verdicts[i]}
		if i != 3 {
			part.Evidence = nil // only one part carries the evidence
		}
		res.Add(part)
	}
	res.Add(expiredAccessGo())
	if len(res.Records) != 2 {
		t.Fatalf("got %d records; want 2", len(res.Records))
	}
	if got := res.Records[0]; !reflect.DeepEqual(got, full) {
		t.Errorf("merged record:\ngot  %+v\nwant %+v", got, full)
	}
	if n := res.Failures(); n != 3 {
		t.Errorf("Failures: got %d; want 3 (RJ-1, LO-1, NL-2; LO-2 is a SHOULD)", n)
	}
	res.Flags.Strict = true
	if n := res.Failures(); n != 4 {
		t.Errorf("Failures with strict: got %d; want 4", n)
	}
}

func TestWriteFileReplacesWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "results.json")
	for _, content := range []string{"first, and longer", "second"} {
		if err := reports.WriteFile(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Errorf("got %q, %v; want %q", got, err, content)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
