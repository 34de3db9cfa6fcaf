package web_test

import (
	"fmt"

	"github.com/authconform/authconform/clients/web"
)

func ExampleVariants() {
	for _, v := range web.Variants()[:4] {
		fmt.Println(v.ID, v.Breaks)
	}
	// Output:
	// reference []
	// M1 [RJ-1 LO-1 LO-2 NL-2 RR-1 RS-1 SF-1 SF-2 SF-3 TO-1 TR-2]
	// M2 [SF-1 SF-2]
	// M3 [RJ-1 RS-1]
}
