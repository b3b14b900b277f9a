// Command gen writes the batch grader's sample class to
// fixtures/submissions (or -out), from the stubs and solutions the git
// checkout at -root has committed (at -ref, default HEAD): never from the
// working tree, so that solved or half-edited exercises there change no
// submission and no expected grade.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/queuelab/queuelab/grader/batch/internal/fixturegen"
)

func main() {
	root := flag.String("root", ".", "the QueueLab checkout (its top folder)")
	ref := flag.String("ref", "", "the commit to make the class from (default HEAD)")
	out := flag.String("out", "fixtures/submissions", "where to write the class")
	flag.Parse()
	if err := run(*root, *ref, *out); err != nil {
		fmt.Fprintln(os.Stderr, "fixturegen:", err)
		os.Exit(1)
	}
}

func run(root, ref, out string) error {
	tree, err := fixturegen.LoadCommitted(context.Background(), root, ref)
	if err != nil {
		return err
	}
	defer tree.Close()
	if err := tree.Generate(out); err != nil {
		return err
	}
	fmt.Printf("Made the sample class (%d submissions) in %s from %s.\n", len(tree.Class()), out, tree.From)
	if n := len(tree.LeftOut); n > 0 {
		fmt.Printf("Left out %d uncommitted change(s) under exercises/ and solutions/: %s.\n", n, strings.Join(tree.LeftOut, ", "))
	}
	return nil
}
