// Command compare says whether a batch's gradebook matches the sample
// class's expected grades:
//
//	go run ./grader/batch/internal/fixturegen/compare fixtures/submissions/expected.csv results/grades.csv
//
// It prints "All 16 grades match expected.csv" and exits 0, or lists each
// student whose grades differ, expected against got, and exits 1.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/queuelab/queuelab/grader/batch/internal/fixturegen"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: compare EXPECTED.csv GRADES.csv")
		os.Exit(2)
	}
	expected, err := os.ReadFile(os.Args[1])
	if err == nil {
		var got []byte
		if got, err = os.ReadFile(os.Args[2]); err == nil {
			os.Exit(report(filepath.Base(os.Args[1]), expected, got))
		}
	}
	fmt.Fprintln(os.Stderr, "compare:", err)
	os.Exit(2)
}

func report(name string, expected, got []byte) int {
	n, diffs, err := fixturegen.Compare(expected, got)
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		return 2
	}
	if len(diffs) == 0 {
		fmt.Printf("All %d grades match %s\n", n, name)
		return 0
	}
	fmt.Printf("%d of %d grades differ from %s:\n", len(diffs), n, name)
	for _, d := range diffs {
		fmt.Println("  " + d.String())
	}
	return 1
}
