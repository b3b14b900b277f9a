package intake

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/internal/testenv"
)

// member is one entry of a test submission.
type member struct {
	name string
	body string
	link string // a symlink to this target when set
	dir  bool
}

const learnerFile = "name: alice\nconfidence:\n  queues: 4\n"

// repo is a typical clone of a student's repository.
var repo = []member{
	{name: "learner.yaml", body: learnerFile},
	{name: "Makefile", body: "all:\n"},
	{name: "exercises/02_sqs_send/send.go", body: "package sqssend\n"},
	{name: "exercises/02_sqs_send/send_test.go", body: "package sqssend\n// edited check\n"},
	{name: "exercises/02_sqs_send/README.md", body: "# task\n"},
	{name: "exercises/00_quiz/answers.yaml", body: "q1: b\n"},
	{name: "exercises/07_event_driven/shop/shop.go", body: "package shop\n"},
	{name: "exercises/07_event_driven/testdata/x.go", body: "package x\n"},
	{name: ".github/workflows/grade.yml", body: "on: push\n"},
	{name: "grader/report/report.go", body: "package report\n"},
}

var repoTaken = []string{
	"exercises/00_quiz/answers.yaml",
	"exercises/02_sqs_send/send.go",
	"exercises/07_event_driven/shop/shop.go",
	"learner.yaml",
}

func writeFolder(t *testing.T, dir string, ms []member) {
	t.Helper()
	for _, m := range ms {
		p := filepath.Join(dir, filepath.FromSlash(m.name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		switch {
		case m.dir:
			require.NoError(t, os.MkdirAll(p, 0o755))
		case m.link != "":
			require.NoError(t, os.Symlink(m.link, p))
		default:
			require.NoError(t, os.WriteFile(p, []byte(m.body), 0o644))
		}
	}
}

func writeZip(t *testing.T, p string, ms []member) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range ms {
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate}
		body := m.body
		switch {
		case m.dir:
			h.Name += "/"
		case m.link != "":
			h.SetMode(os.ModeSymlink | 0o777)
			body = m.link
		}
		w, err := zw.CreateHeader(h)
		require.NoError(t, err)
		_, err = w.Write([]byte(body))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o644))
}

func writeTarGz(t *testing.T, p string, ms []member) {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, m := range ms {
		h := &tar.Header{Name: m.name, Mode: 0o644, Size: int64(len(m.body)), Typeflag: tar.TypeReg}
		switch {
		case m.dir:
			h.Typeflag, h.Size = tar.TypeDir, 0
		case m.link != "":
			h.Typeflag, h.Linkname, h.Size = tar.TypeSymlink, m.link, 0
		}
		require.NoError(t, tw.WriteHeader(h))
		if h.Size > 0 {
			_, err := tw.Write([]byte(m.body))
			require.NoError(t, err)
		}
	}
	require.NoError(t, tw.Close())
	require.NoError(t, gz.Close())
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o644))
}

func writeBundle(t *testing.T, p string, ms []member) {
	t.Helper()
	testenv.NeedCommand(t, "git", "apt-get install -y git")
	work := t.TempDir()
	writeFolder(t, work, ms)
	for _, args := range [][]string{
		{"init", "--quiet", "-b", "main"},
		{"add", "-A"},
		{"-c", "user.name=s", "-c", "user.email=s@example.com", "commit", "--quiet", "-m", "work"},
		{"bundle", "create", "--quiet", p, "HEAD", "main"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git %v: %s", args, out)
	}
}

// pack writes ms as a submission of the given kind in a fresh folder and
// returns its entry.
func pack(t *testing.T, kind Kind, ms []member) Entry {
	t.Helper()
	dir := t.TempDir()
	var name string
	switch kind {
	case KindFolder:
		name = "alice"
		writeFolder(t, filepath.Join(dir, name), ms)
	case KindZip:
		name = "alice.zip"
		writeZip(t, filepath.Join(dir, name), ms)
	case KindTarGz:
		name = "alice.tar.gz"
		writeTarGz(t, filepath.Join(dir, name), ms)
	case KindBundle:
		name = "alice.bundle"
		writeBundle(t, filepath.Join(dir, name), ms)
	}
	entries, _, err := Discover(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	require.Equal(t, kind, entries[0].Kind)
	return entries[0]
}

func unpack(t *testing.T, e Entry, lim Limits) (Result, string, error) {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "work", "src")
	res, err := Unpack(context.Background(), e, dst, lim)
	return res, dst, err
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		require.NoError(t, err)
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	require.NoError(t, err)
	return files
}

var kinds = []Kind{KindFolder, KindZip, KindTarGz, KindBundle}

func TestUnpackTakesOnlySources(t *testing.T) {
	t.Parallel()
	layouts := map[string][]member{"repository": repo, "inside a top folder": prefixed("alice-main/", repo)}
	var fingerprints []string
	for _, kind := range kinds {
		for layout, ms := range layouts {
			t.Run(string(kind)+" "+layout, func(t *testing.T) {
				res, dst, err := unpack(t, pack(t, kind, ms), DefaultLimits)
				require.NoError(t, err)
				assert.Equal(t, repoTaken, res.Files)
				assert.Equal(t, repoTaken, listFiles(t, dst))
				require.NotNil(t, res.Learner)
				assert.Equal(t, "alice", res.Learner.Name)
				assert.Equal(t, 4, res.Learner.Confidence["queues"])
				got, err := os.ReadFile(filepath.Join(dst, "exercises/02_sqs_send/send.go"))
				require.NoError(t, err)
				assert.Equal(t, "package sqssend\n", string(got))
				fingerprints = append(fingerprints, res.Fingerprint)
			})
		}
	}
	for _, fp := range fingerprints {
		assert.Equal(t, fingerprints[0], fp, "the same sources give the same fingerprint, however packed")
	}
}

func prefixed(prefix string, ms []member) []member {
	out := make([]member, len(ms))
	for i, m := range ms {
		m.name = prefix + m.name
		out[i] = m
	}
	return out
}

func TestUnpackExercisesFolderOnly(t *testing.T) {
	t.Parallel()
	ms := []member{
		{name: "02_sqs_send/send.go", body: "package sqssend\n"},
		{name: "02_sqs_send/send_test.go", body: "package sqssend\n"},
		{name: "learner.yaml", body: learnerFile},
	}
	for _, kind := range kinds {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			res, _, err := unpack(t, pack(t, kind, ms), DefaultLimits)
			require.NoError(t, err)
			assert.Equal(t, []string{"exercises/02_sqs_send/send.go", "learner.yaml"}, res.Files)
		})
	}
}

func TestUnpackRefusesEscapes(t *testing.T) {
	t.Parallel()
	hostile := []member{
		{name: "exercises/02_sqs_send/send.go", body: "package sqssend\n"},
		{name: "../exercises/02_sqs_send/send_test.go", body: "package evil\n"},
		{name: "../../escaped.go", body: "package evil\n"},
		{name: "exercises/../../02_sqs_send/up.go", body: "package evil\n"},
		{name: "/tmp/02_sqs_send/abs.go", body: "package evil\n"},
		{name: "exercises/01_dummy_queue/passwd.go", link: "/etc/passwd"},
		{name: "exercises/01_dummy_queue/up.go", link: "../../../../outside.go"},
	}
	for _, kind := range []Kind{KindZip, KindTarGz} {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			res, dst, err := unpack(t, pack(t, kind, hostile), DefaultLimits)
			require.NoError(t, err)
			assert.Equal(t, []string{"exercises/02_sqs_send/send.go"}, res.Files)
			// Nothing beside the work folder: the escapes went nowhere.
			assert.Equal(t, []string{"src/exercises/02_sqs_send/send.go"}, listFiles(t, filepath.Dir(dst)))
			assert.Len(t, res.Warnings, 6)
			assert.Contains(t, res.Warnings[0], "not a safe relative path")
		})
	}
}

func TestUnpackSkipsLinksInFolderAndBundle(t *testing.T) {
	t.Parallel()
	secret := filepath.Join(t.TempDir(), "secret.go")
	require.NoError(t, os.WriteFile(secret, []byte("package secret\n"), 0o644))
	ms := []member{
		{name: "exercises/02_sqs_send/send.go", body: "package sqssend\n"},
		{name: "exercises/02_sqs_send/secret.go", link: secret},
		{name: "exercises/03_sqs_consume", link: "/etc"},
	}
	for _, kind := range []Kind{KindFolder, KindBundle} {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			res, dst, err := unpack(t, pack(t, kind, ms), DefaultLimits)
			require.NoError(t, err)
			assert.Equal(t, []string{"exercises/02_sqs_send/send.go"}, listFiles(t, dst))
			assert.Contains(t, res.Warnings, `skipped link "exercises/02_sqs_send/secret.go": links are never followed`)
		})
	}
}

func TestUnpackLimits(t *testing.T) {
	t.Parallel()
	many := make([]member, 0, 30)
	for i := range 30 {
		many = append(many, member{name: "junk/" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".txt", body: "x"})
	}
	many = append(many, member{name: "exercises/02_sqs_send/send.go", body: "package sqssend\n"})
	big := []member{{name: "exercises/02_sqs_send/send.go", body: string(bytes.Repeat([]byte("x"), 2000))}}
	bomb := []member{
		{name: "exercises/02_sqs_send/send.go", body: "package sqssend\n"},
		{name: "zeros.bin", body: string(make([]byte, 1<<20))},
	}
	tight := Limits{MaxEntries: 10, MaxFileBytes: 1000, MaxTotalBytes: 1500, MaxArchiveBytes: 64 << 10}
	cases := []struct {
		name string
		ms   []member
		want string
	}{
		{"too many entries", many, "more than 10 entries"},
		{"file too big", big, "over the 1000-byte limit"},
		{"decompression bomb", bomb, "archive over 65536 bytes"},
	}
	for _, tc := range cases {
		for _, kind := range kinds {
			if tc.name == "decompression bomb" && kind != KindTarGz {
				continue // only a stream must be read through to skip an entry
			}
			t.Run(tc.name+" "+string(kind), func(t *testing.T) {
				t.Parallel()
				_, _, err := unpack(t, pack(t, kind, tc.ms), tight)
				var lerr *LimitError
				require.ErrorAs(t, err, &lerr)
				assert.Contains(t, err.Error(), tc.want)
			})
		}
	}
}

func TestUnpackNoSources(t *testing.T) {
	t.Parallel()
	ms := []member{{name: "README.md", body: "hi\n"}, {name: "exercises/02_sqs_send/send_test.go", body: "package x\n"}}
	_, _, err := unpack(t, pack(t, KindZip, ms), DefaultLimits)
	require.ErrorIs(t, err, ErrNoSources)
}

func TestUnpackBadLearnerFileIsAWarning(t *testing.T) {
	t.Parallel()
	ms := []member{
		{name: "learner.yaml", body: "name: 'bad name!'\n"},
		{name: "exercises/02_sqs_send/send.go", body: "package sqssend\n"},
	}
	res, _, err := unpack(t, pack(t, KindFolder, ms), DefaultLimits)
	require.NoError(t, err)
	assert.Nil(t, res.Learner)
	require.Len(t, res.Warnings, 1)
	assert.Contains(t, res.Warnings[0], "can't be used in queue names")
}

func TestUnpackPrefersTheExercisesFolder(t *testing.T) {
	t.Parallel()
	ms := []member{
		{name: "solutions/02_sqs_send/send.go", body: "package copied\n"},
		{name: "work/exercises/02_sqs_send/send.go", body: "package mine\n"},
	}
	res, dst, err := unpack(t, pack(t, KindFolder, ms), DefaultLimits)
	require.NoError(t, err)
	assert.Equal(t, []string{"exercises/02_sqs_send/send.go"}, res.Files)
	got, err := os.ReadFile(filepath.Join(dst, "exercises/02_sqs_send/send.go"))
	require.NoError(t, err)
	assert.Equal(t, "package mine\n", string(got))
	assert.Contains(t, res.Warnings, `ignored sources under "solutions": graded those under "work/exercises"`)
}

func TestUnpackCorruptArchive(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"a.zip", "b.tar.gz", "c.bundle"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("not an archive"), 0o644))
	}
	entries, _, err := Discover(dir)
	require.NoError(t, err)
	require.Len(t, entries, 3)
	for _, e := range entries {
		_, err := Unpack(context.Background(), e, filepath.Join(t.TempDir(), "src"), DefaultLimits)
		require.Error(t, err, e.Name)
		assert.False(t, errors.Is(err, ErrNoSources), e.Name)
	}
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "bob"), 0o755))
	require.NoError(t, os.Mkdir(filepath.Join(dir, ".git"), 0o755))
	for name, body := range map[string]string{
		"carol.ZIP":        "",
		"dave.tgz":         "",
		"erin.tar.gz":      "",
		"frank":            "# v2 git bundle\nabc",
		"grace.bundle":     "",
		"expected.csv":     "id,score\n",
		"README.md":        "# class\n",
		"grades.xlsx":      "",
		".DS_Store":        "",
		"=cmd|' 1'!A1.zip": "",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	entries, skipped, err := Discover(dir)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name+"|"+string(e.Kind)+"|"+e.ID)
	}
	assert.Equal(t, []string{
		"=cmd|' 1'!A1.zip|zip|_cmd_1_A1",
		"bob|folder|bob",
		"carol.ZIP|zip|carol",
		"dave.tgz|tar.gz|dave",
		"erin.tar.gz|tar.gz|erin",
		"frank|git bundle|frank",
		"grace.bundle|git bundle|grace",
	}, got)
	assert.Equal(t, []string{"grades.xlsx: not a submission (a folder, .zip, .tar.gz or git bundle)"}, skipped)
}

// TestEntryIDIsDiscoversID: a merge finds each journal entry's id from its
// name and kind alone, the id Discover gave it.
func TestEntryIDIsDiscoversID(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "bob.v2"), 0o755))
	for name, body := range map[string]string{
		"carol.ZIP": "", "erin.tar.gz": "", "frank.git": "# v2 git bundle\nabc", "grace.bundle": "", "h i.tgz": "",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	entries, _, err := Discover(dir)
	require.NoError(t, err)
	require.Len(t, entries, 6)
	for _, e := range entries {
		assert.Equal(t, e.ID, EntryID(e.Name, e.Kind), e.Name)
	}
}

func TestSafeID(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"alice":         "alice",
		"Bob Smith":     "Bob_Smith",
		"../../etc":     "_.._etc",
		"-rf":           "rf",
		"=SUM(A1)":      "_SUM_A1_",
		"":              "student",
		"élodie.martin": "_lodie.martin",
	}
	for in, want := range cases {
		assert.Equal(t, want, SafeID(in), in)
	}
}
