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
	"runtime/debug"
	"slices"
	"strings"

	"github.com/queuelab/queuelab/grader/batch/internal/atomicfile"
	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/runner"
)

// ManifestFile is the file, inside a journal, that says what wrote it: the
// grader, its checks, the shard and every submission of that shard. A
// journal travels with it, so that `grader merge` can tell whether journals
// belong together and whether one is missing or incomplete.
const ManifestFile = "batch.json"

// manifest is ManifestFile's content.
type manifest struct {
	Identity
	Shard Shard `json:"shard"`
	// Entries names every submission of the shard, graded or not yet.
	Entries []string `json:"entries"`
}

// Identity is what must be the same for two journals to be merged: the
// grader that wrote them and the checks it ran.
type Identity struct {
	// Grader is the grader's version (its module version, else "devel").
	Grader string `json:"grader"`
	// Checks is a SHA-256 of the catalogue and the pristine checks' sources.
	Checks string `json:"checks"`
	// Exercises is the selection graded; empty is every exercise.
	Exercises []string `json:"exercises,omitempty"`
}

// identify describes this grader with the catalogue cat and the selected
// exercises.
func identify(cat *catalogue.Catalogue, exercises []string) (Identity, error) {
	id := Identity{Grader: "devel", Exercises: slices.Sorted(slices.Values(exercises))}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		id.Grader = info.Main.Version
	}
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(cat); err != nil {
		return Identity{}, fmt.Errorf("describe the checks: %w", err)
	}
	// The checks themselves: every test file of the pristine exercises.
	if root, err := runner.PristineRoot(); err == nil {
		err := filepath.WalkDir(filepath.Join(root, "exercises"), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, "_test.go") {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
			h.Write(data)
			return err
		})
		if err != nil {
			return Identity{}, fmt.Errorf("describe the checks: %w", err)
		}
	}
	id.Checks = hex.EncodeToString(h.Sum(nil))
	return id, nil
}

func (id Identity) String() string {
	s := fmt.Sprintf("grader %s, checks %.12s", id.Grader, id.Checks)
	if len(id.Exercises) > 0 {
		s += ", exercises " + strings.Join(id.Exercises, " ")
	}
	return s
}

func (id Identity) equal(o Identity) bool {
	return id.Grader == o.Grader && id.Checks == o.Checks && slices.Equal(id.Exercises, o.Exercises)
}

// readManifest reads a journal's manifest; found is false when it has none.
func (j journal) readManifest() (m manifest, found bool, err error) {
	data, err := os.ReadFile(filepath.Join(j.dir, ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return manifest{}, false, nil
	}
	if err != nil {
		return manifest{}, false, fmt.Errorf("read journal: %w", err)
	}
	if err := json.Unmarshal(data, &m); err != nil || m.Shard.Count < 1 {
		return manifest{}, false, fmt.Errorf("read journal: %s is not a batch manifest", filepath.Join(j.dir, ManifestFile))
	}
	return m, true, nil
}

// writeManifest records what writes this journal, before anything is
// graded. With resume, the journal must have been written by the same
// grader, checks and shard, or its results are not kept but refused.
func (j journal) writeManifest(m manifest, resume bool) error {
	if resume {
		prev, found, err := j.readManifest()
		if err != nil {
			return err
		}
		switch {
		case found && prev.Shard != m.Shard:
			return fmt.Errorf("--resume: the journal in %s is of shard %v, not %v: resume each shard into its own --out", j.dir, prev.Shard, m.Shard)
		case found && !prev.Identity.equal(m.Identity):
			return fmt.Errorf("--resume: the journal in %s was written by %v; this is %v: grade again without --resume, or into another --out", j.dir, prev.Identity, m.Identity)
		}
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return atomicfile.WriteBytes(filepath.Join(j.dir, ManifestFile), append(data, '\n'))
}
