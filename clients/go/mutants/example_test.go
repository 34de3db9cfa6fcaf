package mutants_test

import (
	"fmt"

	"github.com/authconform/authconform/clients/go/mutants"
)

func ExampleAll() {
	for _, m := range mutants.All() {
		fmt.Printf("%-6s %s %v\n", m.ID, m.Name, m.Breaks)
	}
	// Output:
	// M1     refresh through the interceptor [RJ-1 LO-1 LO-2]
	// M2     pause gate holds the refresh [SF-1 SF-2]
	// M3     queue released only on success [RJ-1 RS-1]
	// M4     logout through the interceptor [LO-3 NL-1]
	// M5     401s dropped while refreshing [SF-2 RP-1]
	// M6     no credential-generation check [SF-3 SF-1]
	// M7     no single flight [SF-1 RT-1]
	// M8     only the first request marked as retried [SF-1]
	// M9     401 on refresh refreshes again [RR-1]
	// M10    no terminal state [NL-2]
	// M13    error.response read unguarded [TR-2]
	// M14    waiters replayed after a failed refresh [RJ-2]
	// M15    no refresh timeout [TO-1 RJ-1]
	// LOG    failure only logged [LO-1 LO-2 NL-2]
	// RETRY  unbounded transient retry [TR-1]
	// SILENT logout never told to the server [LO-2]
	// LEAK   credentials sent to every origin [SEC-2]
}

func ExampleLookup() {
	m, ok := mutants.Lookup("m7")
	fmt.Println(m.ID, ok)
	// Output: M7 true
}
