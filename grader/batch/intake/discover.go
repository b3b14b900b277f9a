package intake

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Kind is how a submission is packed.
type Kind string

// The kinds of submission.
const (
	KindFolder Kind = "folder"
	KindZip    Kind = "zip"
	KindTar    Kind = "tar"
	KindTarGz  Kind = "tar.gz"
	KindBundle Kind = "git bundle"
)

// Entry is one submission in the submissions folder.
type Entry struct {
	// Name is the entry's name in the submissions folder.
	Name string
	// Path is where it is.
	Path string
	Kind Kind
	// ID is the student's id taken from the name: the name without its
	// extension, with characters unsafe in file names replaced.
	ID string
}

// suffixes maps file name endings to kinds, longest first.
var suffixes = []struct {
	suffix string
	kind   Kind
}{
	{".tar.gz", KindTarGz},
	{".tgz", KindTarGz},
	{".tar", KindTar},
	{".zip", KindZip},
	{".bundle", KindBundle},
	{".gitbundle", KindBundle},
}

// quiet are files a submissions folder may hold beside the submissions
// (the sample class's own), passed over without a word.
var quiet = map[string]bool{"go.mod": true, "go.sum": true, "expected.csv": true}

// Discover lists the submissions in dir, sorted by name. Hidden entries,
// notes (*.md) and the sample class's go.mod and expected.csv are passed
// over; other files that are not a submission are listed in skipped with why.
func Discover(dir string) (entries []Entry, skipped []string, err error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("list submissions: %w", err)
	}
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || quiet[name] || strings.HasSuffix(name, ".md") {
			continue
		}
		p := filepath.Join(dir, name)
		// Follow a link the instructor placed here: the submissions folder
		// is theirs. Links inside a submission are never followed.
		info, err := os.Stat(p)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		if info.IsDir() {
			entries = append(entries, Entry{Name: name, Path: p, Kind: KindFolder, ID: EntryID(name, KindFolder)})
			continue
		}
		if !info.Mode().IsRegular() {
			skipped = append(skipped, name+": not a folder or a file")
			continue
		}
		kind, _ := kindOf(name)
		if kind == "" && isBundle(p) {
			kind = KindBundle
		}
		if kind == "" {
			skipped = append(skipped, name+": not a submission (a folder, .zip, .tar.gz or git bundle)")
			continue
		}
		entries = append(entries, Entry{Name: name, Path: p, Kind: kind, ID: EntryID(name, kind)})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
	return entries, skipped, nil
}

// EntryID is the id of the entry name of the given kind, as Discover gives
// it: the name without its extension (a git bundle found by its content
// loses whatever extension it has), made safe by SafeID. A merge of shards
// uses it to match a journal's entries with a roster.
func EntryID(name string, kind Kind) string {
	if kind == KindFolder {
		return SafeID(name)
	}
	k, base := kindOf(name)
	if k == "" {
		base = strings.TrimSuffix(name, filepath.Ext(name))
	}
	return SafeID(base)
}

func kindOf(name string) (Kind, string) {
	lower := strings.ToLower(name)
	for _, s := range suffixes {
		if strings.HasSuffix(lower, s.suffix) {
			return s.kind, name[:len(name)-len(s.suffix)]
		}
	}
	return "", name
}

// isBundle looks for a git bundle's signature line.
func isBundle(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	return bytes.HasPrefix(head, []byte("# v2 git bundle")) || bytes.HasPrefix(head, []byte("# v3 git bundle"))
}

var unsafeID = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// SafeID turns a name into an id usable as a file name and in a CSV cell:
// letters, digits, dot, hyphen and underscore, not starting with a dot or a
// sign a spreadsheet would read as a formula.
func SafeID(name string) string {
	id := unsafeID.ReplaceAllString(name, "_")
	id = strings.TrimLeft(id, ".-")
	if id == "" {
		id = "student"
	}
	if len(id) > 80 {
		id = id[:80]
	}
	return id
}
