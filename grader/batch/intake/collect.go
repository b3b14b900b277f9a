package intake

import (
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/queuelab/queuelab/grader/learner"
)

// exerciseDir matches an exercise folder's name, as the catalogue does.
var exerciseDir = regexp.MustCompile(`^[0-9]{2}_[a-z0-9_]+$`)

// AnswerFiles are the quiz answer files taken besides Go sources, as paths
// inside an exercise folder.
var AnswerFiles = []string{"00_quiz/answers.yaml", "00_quiz/answers.yml", "00_quiz/answers.md", "00_quiz/answers.txt", "00_quiz/answers.json"}

// file is one candidate source held in memory until the submission's root
// is known.
type file struct {
	path string
	data []byte
}

// collector sees every entry of a submission, whatever its container, and
// keeps the candidates. It enforces the limits and records warnings.
type collector struct {
	lim      Limits
	entries  int
	total    int64
	files    []file
	seen     map[string]bool
	warnings []string
}

func newCollector(lim Limits) *collector {
	return &collector{lim: lim, seen: map[string]bool{}}
}

func (c *collector) warn(format string, args ...any) {
	if len(c.warnings) < 50 {
		c.warnings = append(c.warnings, fmt.Sprintf(format, args...))
	}
}

// kind of an entry inside a submission.
type entryType int

const (
	typeFile entryType = iota
	typeDir
	typeLink
	typeOther
)

// add looks at one entry named name (slash-separated, as found in the
// container). open is called only for a candidate regular file.
func (c *collector) add(name string, t entryType, size int64, open func() (io.ReadCloser, error)) error {
	c.entries++
	if c.entries > c.lim.MaxEntries {
		return &LimitError{What: fmt.Sprintf("more than %d entries", c.lim.MaxEntries)}
	}
	clean, ok := localPath(name)
	if !ok {
		c.warn("refused %q: not a safe relative path (it could leave the work folder)", name)
		return nil
	}
	switch t {
	case typeDir:
		return nil
	case typeLink:
		if candidate(clean) {
			c.warn("skipped link %q: links are never followed", name)
		}
		return nil
	case typeOther:
		c.warn("skipped %q: not a regular file", name)
		return nil
	}
	if !candidate(clean) {
		return nil
	}
	if c.seen[clean] {
		c.warn("skipped second copy of %q", clean)
		return nil
	}
	if size > c.lim.MaxFileBytes {
		return &LimitError{What: fmt.Sprintf("%s is %d bytes, over the %d-byte limit for one file", clean, size, c.lim.MaxFileBytes)}
	}
	rc, err := open()
	if err != nil {
		return fmt.Errorf("open %s: %w", clean, err)
	}
	defer rc.Close()
	// Sizes in headers can lie: read one byte more than allowed to know.
	data, err := io.ReadAll(io.LimitReader(rc, c.lim.MaxFileBytes+1))
	if err != nil {
		return fmt.Errorf("read %s: %w", clean, err)
	}
	if int64(len(data)) > c.lim.MaxFileBytes {
		return &LimitError{What: fmt.Sprintf("%s is over the %d-byte limit for one file", clean, c.lim.MaxFileBytes)}
	}
	c.total += int64(len(data))
	if c.total > c.lim.MaxTotalBytes {
		return &LimitError{What: fmt.Sprintf("sources over %d bytes in all", c.lim.MaxTotalBytes)}
	}
	c.seen[clean] = true
	c.files = append(c.files, file{path: clean, data: data})
	return nil
}

// localPath cleans an entry's name and says whether it stays inside the
// submission: not absolute, no "..", no drive letters or backslash tricks.
func localPath(name string) (string, bool) {
	if strings.ContainsAny(name, "\\\x00:") {
		return "", false
	}
	if strings.HasPrefix(name, "/") {
		return "", false
	}
	clean := path.Clean(name)
	if clean == "." {
		return "", true
	}
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == ".." {
			// a/../b stays inside, but nobody zips that honestly.
			return "", false
		}
	}
	return clean, true
}

// candidate says whether a file could be taken, before the submission's
// root is known: a learner file anywhere, or a non-test .go file or answer
// file under an exercise folder.
func candidate(p string) bool {
	if p == "" {
		return false
	}
	segs := strings.Split(p, "/")
	for _, s := range segs {
		if s == "testdata" || s == "vendor" || strings.HasPrefix(s, ".") {
			return false
		}
	}
	if segs[len(segs)-1] == learner.FileName {
		return true
	}
	_, ok := inExercise(p)
	return ok
}

// inExercise finds, in p, the exercise folder a source belongs to and
// returns the index of that folder's segment.
func inExercise(p string) (int, bool) {
	segs := strings.Split(p, "/")
	for i := len(segs) - 2; i >= 0; i-- {
		if !exerciseDir.MatchString(segs[i]) {
			continue
		}
		rest := strings.Join(segs[i:], "/")
		if isGoSource(segs[len(segs)-1]) || isAnswerFile(rest) {
			return i, true
		}
	}
	return 0, false
}

func isGoSource(base string) bool {
	return strings.HasSuffix(base, ".go") && !strings.HasSuffix(base, "_test.go")
}

func isAnswerFile(rel string) bool {
	for _, a := range AnswerFiles {
		if rel == a {
			return true
		}
	}
	return false
}
