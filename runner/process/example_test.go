package process_test

import (
	"fmt"

	"github.com/authconform/authconform/runner/process"
)

// A target's command line is split like a shell splits words, and run
// without one.
func ExampleSplit() {
	argv, err := process.Split(`python3 "my client.py" --name='alice w.'`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q\n", argv)
	d := process.Driver{Command: argv}
	fmt.Println(d)
	// Output:
	// ["python3" "my client.py" "--name=alice w."]
	// python3 'my client.py' '--name=alice w.'
}
