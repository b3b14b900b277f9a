package batch

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseShard(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want Shard
		err  string
	}{
		{"0/3", Shard{0, 3}, ""},
		{" 2/3 ", Shard{2, 3}, ""},
		{"0/1", Shard{0, 1}, ""},
		{"3/3", Shard{}, "from 0 to N-1"},
		{"-1/3", Shard{}, "from 0 to N-1"},
		{"1/0", Shard{}, "from 0 to N-1"},
		{"1", Shard{}, "write it as I/N"},
		{"a/b", Shard{}, "write it as I/N"},
		{"", Shard{}, "write it as I/N"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseShard(tc.in)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, strings.TrimSpace(tc.in), got.String())
		})
	}
}

// TestShardPartition: every entry is in exactly one shard, the split is
// the same on every machine (FNV-1a of the name: pinned here), and a large
// class is spread about evenly.
func TestShardPartition(t *testing.T) {
	t.Parallel()
	counts := make([]int, 3)
	for i := range 3000 {
		name := fmt.Sprintf("student%04d.zip", i)
		in := 0
		for s := range 3 {
			if (Shard{Index: s, Count: 3}).Has(name) {
				in++
				counts[s]++
			}
		}
		require.Equal(t, 1, in, name)
		assert.True(t, Shard{}.Has(name), "the zero Shard is the whole class")
	}
	for _, c := range counts {
		assert.InDelta(t, 1000, c, 100, "shard sizes %v", counts)
	}
	pinned := map[string]int{"alice": 2, "bob.zip": 1, "carol": 1, "dave.zip": 0}
	for name, want := range pinned {
		assert.True(t, Shard{Index: want, Count: 3}.Has(name), "%s is in shard %d/3", name, want)
	}
}

// shardAndMerge grades subs in n shards, each into its own folder, and
// merges them into the returned folder.
func shardAndMerge(t *testing.T, subs string, n int) string {
	t.Helper()
	var dirs []string
	for i := range n {
		opts := options(t, subs, &fakeGrader{cat: testCatalogue(t)})
		opts.Shard = Shard{Index: i, Count: n}
		_, err := Run(context.Background(), opts)
		require.NoError(t, err)
		dirs = append(dirs, opts.Out)
	}
	out := filepath.Join(t.TempDir(), "merged")
	_, err := Merge(MergeOptions{Journals: dirs, Out: out, Catalogue: testCatalogue(t), Now: options(t, subs, nil).Now})
	require.NoError(t, err)
	return out
}

func TestShardedAndMergedEqualsOneBatch(t *testing.T) {
	t.Parallel()
	subs := smallClass(t)
	whole := options(t, subs, &fakeGrader{cat: testCatalogue(t)})
	_, err := Run(context.Background(), whole)
	require.NoError(t, err)
	assert.Equal(t, smallClassGrades, readFile(t, filepath.Join(whole.Out, "grades.csv")))
	for _, n := range []int{1, 2, 3, 7} {
		merged := shardAndMerge(t, subs, n)
		assert.Equal(t, scrubbedOutputs(t, whole.Out), scrubbedOutputs(t, merged), "%d shards", n)
	}
}

// shards grades the small class in 3 shards and returns their folders.
func shards(t *testing.T) []string {
	t.Helper()
	subs := smallClass(t)
	var dirs []string
	for i := range 3 {
		opts := options(t, subs, &fakeGrader{cat: testCatalogue(t)})
		opts.Shard = Shard{Index: i, Count: 3}
		_, err := Run(context.Background(), opts)
		require.NoError(t, err)
		dirs = append(dirs, opts.Out)
	}
	return dirs
}

// editManifest rewrites a shard's manifest.
func editManifest(t *testing.T, dir string, edit func(*manifest)) {
	t.Helper()
	p := filepath.Join(dir, JournalDir, ManifestFile)
	var m manifest
	require.NoError(t, json.Unmarshal([]byte(readFile(t, p)), &m))
	edit(&m)
	data, err := json.Marshal(m)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(p, data, 0o644))
}

func TestMergeRefuses(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		journal func(t *testing.T, dirs []string) []string
		want    string
	}{
		{"a missing shard", func(t *testing.T, d []string) []string { return []string{d[0], d[2]} },
			"missing shard 1/3 of 3"},
		{"two missing shards", func(t *testing.T, d []string) []string { return d[1:2] },
			"missing shard 0/3, 2/3 of 3"},
		{"a shard twice", func(t *testing.T, d []string) []string { return []string{d[0], d[1], d[2], d[1]} },
			"overlapping shards: "},
		{"a submission in two shards", func(t *testing.T, d []string) []string {
			editManifest(t, d[1], func(m *manifest) { m.Entries = append(m.Entries, "alice") })
			return d
		}, `overlapping shards: submission "alice" is in`},
		{"another split", func(t *testing.T, d []string) []string {
			editManifest(t, d[2], func(m *manifest) { m.Shard = Shard{Index: 1, Count: 2} })
			return d
		}, "shards of different splits"},
		{"another grader", func(t *testing.T, d []string) []string {
			editManifest(t, d[1], func(m *manifest) { m.Grader = "v9.9.9" })
			return d
		}, "cannot merge shards graded differently"},
		{"other checks than this grader's", func(t *testing.T, d []string) []string {
			for _, dir := range d {
				editManifest(t, dir, func(m *manifest) { m.Checks = "0123456789abcdef" })
			}
			return d
		}, "merge with the grader that graded them"},
		{"an unfinished shard", func(t *testing.T, d []string) []string {
			files, err := filepath.Glob(filepath.Join(d[0], JournalDir, "*-*.json"))
			require.NoError(t, err)
			require.NotEmpty(t, files)
			require.NoError(t, os.Remove(files[0]))
			return d
		}, "shard 0/3 (" + "DIR0" + ") is not finished: 1 of"},
		{"no journal", func(t *testing.T, d []string) []string { return []string{t.TempDir()} },
			"has no journal"},
		{"a journal without a manifest", func(t *testing.T, d []string) []string {
			require.NoError(t, os.Remove(filepath.Join(d[0], JournalDir, ManifestFile)))
			return d
		}, "has no batch.json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dirs := shards(t)
			_, err := Merge(MergeOptions{Journals: tc.journal(t, dirs), Out: t.TempDir(), Catalogue: testCatalogue(t)})
			require.ErrorContains(t, err, strings.ReplaceAll(tc.want, "DIR0", dirs[0]))
		})
	}
}

func TestMergeTakesJournalFoldersAlone(t *testing.T) {
	t.Parallel()
	dirs := shards(t)
	var journals []string
	for i, d := range dirs {
		moved := filepath.Join(t.TempDir(), fmt.Sprintf("journal-%d", i))
		require.NoError(t, os.Rename(filepath.Join(d, JournalDir), moved))
		journals = append(journals, moved)
	}
	out := filepath.Join(t.TempDir(), "out")
	sum, err := Merge(MergeOptions{Journals: journals, Out: out, Catalogue: testCatalogue(t), Now: options(t, "", nil).Now})
	require.NoError(t, err)
	assert.Equal(t, 6, sum.Total)
	assert.Equal(t, smallClassGrades, readFile(t, filepath.Join(out, "grades.csv")))
}

func TestResumeRefusesAnotherShardsJournal(t *testing.T) {
	t.Parallel()
	subs := smallClass(t)
	opts := options(t, subs, &fakeGrader{cat: testCatalogue(t)})
	opts.Shard = Shard{Index: 0, Count: 3}
	_, err := Run(context.Background(), opts)
	require.NoError(t, err)

	opts.Shard, opts.Resume = Shard{Index: 1, Count: 3}, true
	_, err = Run(context.Background(), opts)
	require.ErrorContains(t, err, "is of shard 0/3, not 1/3")

	opts.Shard = Shard{Index: 0, Count: 3}
	editManifest(t, opts.Out, func(m *manifest) { m.Grader = "v0.0.1" })
	_, err = Run(context.Background(), opts)
	require.ErrorContains(t, err, "was written by grader v0.0.1")
}

func TestMergeCommand(t *testing.T) {
	t.Parallel()
	dirs := shards(t)
	out := filepath.Join(t.TempDir(), "out")
	cmd := NewMergeCommand()
	cmd.SetArgs([]string{dirs[0], filepath.Join(dirs[1], "nowhere"), "--out", out})
	var buf strings.Builder
	cmd.SetOut(&buf)
	cmd.SetErr(&buf)
	require.ErrorContains(t, cmd.Execute(), "nowhere has no journal")

	cmd = NewMergeCommand()
	cmd.SetArgs([]string{"--out", out})
	require.ErrorContains(t, cmd.Execute(), "requires at least 1 arg")
}

var (
	durationCell = regexp.MustCompile(`<td class="num">(\d+h)?(\d+m)?[\d.]+(ns|µs|ms|s)</td>`)
	slowestTable = regexp.MustCompile(`(?s)<table id="slowest">.*?</table>`)
	generated    = regexp.MustCompile(` · \d{4}-\d\d-\d\d \d\d:\d\d UTC`)
	junitTime    = regexp.MustCompile(` time="[^"]*"`)
)

// scrubbedOutputs reads a batch's outputs (every file but the journal)
// with the timings taken out: how long each submission and check took,
// the slowest submissions, and when the report was made.
func scrubbedOutputs(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if d != nil && d.Name() == JournalDir {
				return filepath.SkipDir
			}
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		s := string(data)
		switch filepath.Base(p) {
		case "results.json":
			var doc any
			require.NoError(t, json.Unmarshal(data, &doc))
			dropTimings(doc)
			pretty, err := json.MarshalIndent(doc, "", " ")
			require.NoError(t, err)
			s = string(pretty)
		case "junit.xml":
			s = junitTime.ReplaceAllString(s, ` time="T"`)
		case "report.html":
			s = slowestTable.ReplaceAllString(s, "SLOWEST")
			s = durationCell.ReplaceAllString(s, `<td class="num">T</td>`)
			s = generated.ReplaceAllString(s, " · WHEN")
		}
		out[filepath.ToSlash(rel)] = s
		return nil
	})
	require.NoError(t, err)
	require.Contains(t, out, "grades.csv")
	return out
}

// dropTimings removes every duration from a decoded JSON document.
func dropTimings(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if strings.HasSuffix(k, "duration_ns") || k == "generated" {
				delete(v, k)
				continue
			}
			dropTimings(x)
		}
	case []any:
		for _, x := range v {
			dropTimings(x)
		}
	}
}

// smallClassRoster writes the roster of TestRunWithARoster: zoe handed
// nothing in, erin is not on it.
func smallClassRoster(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "roster.csv")
	require.NoError(t, os.WriteFile(p, []byte("identifier,github_username,github_id,name\n"+
		"frank@uni.example,frank,6,Frank\n"+
		"zoe@uni.example,zoe,7,Zoe\n"+
		"alice@uni.example,alice,1,Alice\n"+
		"bob@uni.example,bob,2,Bob\n"+
		"carol@uni.example,carol,3,Carol\n"+
		"dave@uni.example,dave,4,Dave\n"), 0o644))
	return p
}

// shardAndMergeRoster grades subs in n shards, each with shardRoster, and
// merges them with mergeRoster ("" for none).
func shardAndMergeRoster(t *testing.T, subs string, n int, shardRoster, mergeRoster string) (string, Summary, error) {
	t.Helper()
	var dirs []string
	for i := range n {
		opts := options(t, subs, &fakeGrader{cat: testCatalogue(t)})
		opts.Shard, opts.Roster = Shard{Index: i, Count: n}, shardRoster
		_, err := Run(context.Background(), opts)
		require.NoError(t, err)
		dirs = append(dirs, opts.Out)
	}
	out := filepath.Join(t.TempDir(), "merged")
	sum, err := Merge(MergeOptions{Journals: dirs, Out: out, Catalogue: testCatalogue(t), Now: options(t, subs, nil).Now, Roster: mergeRoster})
	return out, sum, err
}

// TestShardedWithARosterEqualsOneBatch: a class graded in 3 shards with
// --roster and merged with it has every output of one batch with --roster:
// one row per roster student in roster order, the missing ones as
// missing, the entries the roster does not list flagged.
func TestShardedWithARosterEqualsOneBatch(t *testing.T) {
	t.Parallel()
	subs, roster := smallClass(t), smallClassRoster(t)
	whole := options(t, subs, &fakeGrader{cat: testCatalogue(t)})
	whole.Roster = roster
	wholeSum, err := Run(context.Background(), whole)
	require.NoError(t, err)

	merged, sum, err := shardAndMergeRoster(t, subs, 3, roster, roster)
	require.NoError(t, err)
	assert.Equal(t, scrubbedOutputs(t, whole.Out), scrubbedOutputs(t, merged))
	assert.Equal(t, []string{"zoe@uni.example"}, sum.Missing)
	assert.Equal(t, []string{"erin (erin)"}, sum.NotOnRoster)
	assert.Equal(t, wholeSum.Total, sum.Total, "the submissions found")
	assert.Equal(t, wholeSum.Done(), sum.Done())

	// Shards graded without the roster are placed on it by the merge all
	// the same (only the names the checks graded them under differ).
	merged, _, err = shardAndMergeRoster(t, subs, 3, "", roster)
	require.NoError(t, err)
	assert.Equal(t, readGrades(t, whole.Out), readGrades(t, merged))

	// Without --roster the merge lists the submissions only, as before.
	merged, sum, err = shardAndMergeRoster(t, subs, 3, roster, "")
	require.NoError(t, err)
	assert.Empty(t, sum.Missing)
	assert.Len(t, readGrades(t, merged), 6)
}

// TestMergeRefusesTwoSubmissionsOfOneStudent: with a roster, two entries
// of one student in different shards stop the merge, naming both, as they
// stop a batch over the whole class.
func TestMergeRefusesTwoSubmissionsOfOneStudent(t *testing.T) {
	t.Parallel()
	subs := t.TempDir()
	for _, e := range []string{"ada-l", "s1815.zip"} {
		writeSubmission(t, subs, e, map[string]string{"exercises/01_dummy_queue/queue.go": source("queue")})
	}
	roster := filepath.Join(t.TempDir(), "roster.csv")
	require.NoError(t, os.WriteFile(roster, []byte("id,github_username\ns1815,ada-l\n"), 0o644))
	out, _, err := shardAndMergeRoster(t, subs, 2, "", roster)
	require.ErrorContains(t, err, "the submissions ada-l and s1815.zip are both s1815's")
	assert.NoFileExists(t, filepath.Join(out, "grades.csv"))
}

// TestMergeCommandTakesARoster: --roster reaches the merge, which reads
// it before the shards. (The command merges with the grader's own
// catalogue, so the shards graded here with the test catalogue stop it;
// TestShardedWithARosterEqualsOneBatch covers the merge itself.)
func TestMergeCommandTakesARoster(t *testing.T) {
	t.Parallel()
	dirs := shards(t)
	cmd := NewMergeCommand()
	cmd.SetArgs([]string{dirs[0], dirs[1], dirs[2], "--out", t.TempDir(), "--roster", filepath.Join(t.TempDir(), "none.csv")})
	var buf strings.Builder
	cmd.SetOut(&buf)
	cmd.SetErr(&buf)
	require.ErrorContains(t, cmd.Execute(), "read the roster")

	cmd = NewMergeCommand()
	cmd.SetOut(&buf)
	cmd.SetArgs([]string{"--help"})
	require.NoError(t, cmd.Execute())
	assert.Contains(t, buf.String(), "--roster")
}
