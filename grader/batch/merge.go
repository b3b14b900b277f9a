package batch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/batch/classreport"
	"github.com/queuelab/queuelab/grader/batch/intake"
	"github.com/queuelab/queuelab/grader/catalogue"
)

// MergeOptions says which shards' journals to merge, and where to.
type MergeOptions struct {
	// Journals are the shards' output folders (or their journal folders).
	Journals []string
	// Out is the folder the outputs go to; it is made if missing.
	Out string
	// Catalogue is the grader's; default the one it ships.
	Catalogue *catalogue.Catalogue
	// Roster is the instructor's list of students, as for a batch
	// (Options.Roster): the outputs list one row per roster student, in
	// roster order, those without a submission in any shard as missing;
	// submissions it does not list are flagged. "" is no roster.
	Roster string
	// Now stamps the class report; default time.Now.
	Now func() time.Time
}

// shardJournal is one shard's journal, read for a merge.
type shardJournal struct {
	dir string
	journal
	manifest
}

// Merge writes the outputs of a class graded in shards (grader batch
// --shard I/N) from the shards' journals: the same grades.csv,
// results.json, feedback, report.html and junit.xml as one batch over the
// whole class. It refuses journals written by another grader or checks
// than each other's or its own, shards of different splits or given twice,
// a missing shard (naming it), and a shard with submissions not yet graded
// (naming them: finish that shard with --resume). With a roster, it
// refuses two submissions of one student, in any shards, as a batch does.
func Merge(opts MergeOptions) (Summary, error) {
	started := time.Now()
	if len(opts.Journals) == 0 {
		return Summary{}, errors.New("name the shards' output folders to merge")
	}
	if opts.Out == "" {
		return Summary{}, errors.New("name the output folder (--out)")
	}
	if opts.Catalogue == nil {
		opts.Catalogue = exercises.Catalogue()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var roster []classreport.RosterStudent
	if opts.Roster != "" {
		var err error
		if roster, err = readRoster(opts.Roster); err != nil {
			return Summary{}, err
		}
	}
	shards, err := readShards(opts.Journals)
	if err != nil {
		return Summary{}, err
	}
	own, err := identify(opts.Catalogue, shards[0].Exercises)
	if err != nil {
		return Summary{}, err
	}
	if err := checkShards(shards, own); err != nil {
		return Summary{}, err
	}

	var results []classreport.Result
	for _, s := range shards {
		var missing []string
		for _, entry := range s.Entries {
			res, ok := s.load(entry)
			if !ok {
				missing = append(missing, entry)
				continue
			}
			results = append(results, res)
		}
		if len(missing) > 0 {
			return Summary{}, fmt.Errorf("shard %v (%s) is not finished: %d of %d submissions have no result (%s): run its batch again with --resume",
				s.Shard, s.dir, len(missing), len(s.Entries), listSome(missing))
		}
	}
	sum := Summary{Total: len(results), Graded: len(results), Out: opts.Out}
	if roster != nil {
		owners, err := rosterOwners(results, roster)
		if err != nil {
			return Summary{}, err
		}
		results = append(results, missingStudents(opts.Catalogue, roster, owners)...)
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return Summary{}, fmt.Errorf("make the output folder: %w", err)
	}
	err = writeOutputs(Options{Out: opts.Out, Catalogue: opts.Catalogue, Now: opts.Now}, &sum, results)
	sum.Duration = time.Since(started)
	return sum, err
}

// rosterOwners gives the shards' results their owners on the roster, as
// the batch over the whole class gives its entries (assignOwners), whether
// or not the shards were graded with this roster: each result's id, roster
// row and flag are the roster's to say, its score the journal's.
func rosterOwners(results []classreport.Result, roster []classreport.RosterStudent) ([]owner, error) {
	classreport.SortByEntry(results) // the batch's order, so its errors are the same
	entries := make([]intake.Entry, len(results))
	for i, r := range results {
		entries[i] = intake.Entry{Name: r.Entry, Kind: intake.Kind(r.Kind), ID: intake.EntryID(r.Entry, intake.Kind(r.Kind))}
	}
	owners, err := assignOwners(entries, roster)
	if err != nil {
		return nil, err
	}
	for i, who := range owners {
		results[i].ID, results[i].Roster, results[i].NotOnRoster = who.id, who.roster, who.roster == nil
	}
	return owners, nil
}

// readShards opens each folder's journal and its manifest, in shard order.
func readShards(dirs []string) ([]shardJournal, error) {
	var shards []shardJournal
	for _, dir := range dirs {
		jdir := filepath.Join(dir, JournalDir)
		if _, err := os.Stat(filepath.Join(dir, ManifestFile)); err == nil {
			jdir = dir // the journal folder itself
		}
		if info, err := os.Stat(jdir); err != nil || !info.IsDir() {
			return nil, fmt.Errorf("%s has no journal: name the --out folder of a shard's batch (or its %s folder)", dir, JournalDir)
		}
		j := journal{dir: jdir}
		m, found, err := j.readManifest()
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, fmt.Errorf("%s has no %s: it was written by a grader that does not shard; grade that shard again", jdir, ManifestFile)
		}
		shards = append(shards, shardJournal{dir: dir, journal: j, manifest: m})
	}
	sort.SliceStable(shards, func(a, b int) bool { return shards[a].Shard.Index < shards[b].Shard.Index })
	return shards, nil
}

// checkShards refuses shards that do not make exactly one class together,
// graded alike and by this grader.
func checkShards(shards []shardJournal, own Identity) error {
	first := shards[0]
	for _, s := range shards {
		if !s.Identity.equal(first.Identity) {
			return fmt.Errorf("cannot merge shards graded differently: %s by %v, %s by %v", first.dir, first.Identity, s.dir, s.Identity)
		}
		if s.Shard.Count != first.Shard.Count {
			return fmt.Errorf("cannot merge shards of different splits: %s is %v, %s is %v", first.dir, first.Shard, s.dir, s.Shard)
		}
	}
	if !own.equal(first.Identity) {
		return fmt.Errorf("cannot merge: the shards were graded by %v; this is %v: merge with the grader that graded them", first.Identity, own)
	}
	byIndex := map[int]string{}
	owner := map[string]string{}
	for _, s := range shards {
		if other, dup := byIndex[s.Shard.Index]; dup {
			return fmt.Errorf("overlapping shards: %s and %s are both shard %v", other, s.dir, s.Shard)
		}
		byIndex[s.Shard.Index] = s.dir
		for _, e := range s.Entries {
			if other, dup := owner[e]; dup {
				return fmt.Errorf("overlapping shards: submission %q is in %s and in %s", e, other, s.dir)
			}
			owner[e] = s.dir
		}
	}
	var missing []string
	for i := range first.Shard.Count {
		if _, ok := byIndex[i]; !ok {
			missing = append(missing, Shard{Index: i, Count: first.Shard.Count}.String())
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing shard %s of %d: merge needs every shard's journal", strings.Join(missing, ", "), first.Shard.Count)
	}
	return nil
}

// listSome names the first few of names.
func listSome(names []string) string {
	const most = 5
	if len(names) <= most {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:most], ", ") + fmt.Sprintf(" and %d more", len(names)-most)
}
