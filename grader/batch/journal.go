package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/queuelab/queuelab/grader/batch/classreport"
	"github.com/queuelab/queuelab/grader/batch/intake"
	"github.com/queuelab/queuelab/grader/batch/internal/atomicfile"
)

// JournalDir is the folder, inside the output folder, that holds one file
// per graded submission. Each is written atomically as soon as the
// submission is graded, so a batch killed at any point loses nothing graded
// and --resume grades only what is missing.
const JournalDir = "journal"

// journal is the store of graded submissions, keyed by entry name.
type journal struct{ dir string }

func openJournal(out string) (journal, error) {
	dir := filepath.Join(out, JournalDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return journal{}, fmt.Errorf("open journal: %w", err)
	}
	return journal{dir: dir}, nil
}

// path names an entry's file: a readable part and a hash of the exact name,
// so that two names made the same by SafeID never share a file.
func (j journal) path(entry string) string {
	sum := sha256.Sum256([]byte(entry))
	return filepath.Join(j.dir, intake.SafeID(entry)+"-"+hex.EncodeToString(sum[:4])+".json")
}

// save records a result atomically.
func (j journal) save(res classreport.Result) error {
	data, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return fmt.Errorf("journal %s: %w", res.Entry, err)
	}
	return atomicfile.WriteBytes(j.path(res.Entry), append(data, '\n'))
}

// load returns the recorded result of an entry, if any. A file that cannot
// be read as a result (it cannot be half-written, but it can be edited) is
// as good as none: the submission is graded again.
func (j journal) load(entry string) (classreport.Result, bool) {
	data, err := os.ReadFile(j.path(entry))
	if errors.Is(err, fs.ErrNotExist) || err != nil {
		return classreport.Result{}, false
	}
	var res classreport.Result
	if err := json.Unmarshal(data, &res); err != nil || res.Entry != entry || res.Report == nil {
		return classreport.Result{}, false
	}
	return res, true
}
