// Command gen writes the batch grader's sample class to
// fixtures/submissions (or -out), from the repository at -root.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/queuelab/queuelab/grader/batch/internal/fixturegen"
	"github.com/queuelab/queuelab/grader/catalogue"
)

func main() {
	root := flag.String("root", ".", "the QueueLab repository")
	out := flag.String("out", "fixtures/submissions", "where to write the class")
	flag.Parse()
	data, err := os.ReadFile(filepath.Join(*root, "exercises", "catalogue.yaml"))
	if err == nil {
		var cat *catalogue.Catalogue
		if cat, err = catalogue.Parse(data); err == nil {
			err = fixturegen.LoadTree(*root, cat).Generate(*out)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fixturegen:", err)
		os.Exit(1)
	}
}
