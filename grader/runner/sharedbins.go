package runner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"hash"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// SharedBinaries is a content-addressed store of test binaries shared by
// the runs of one batch, so that an exercise whose sources are the same in
// many submissions (untouched stubs, the same solution) is linked once per
// batch instead of once per submission.
//
// It is safe to share between submissions whose code is hostile. A test
// process runs as the grader's user and can write to the store's folder, so
// the store trusts no file: it keeps each binary's SHA-256 in memory, taken
// when the binary was built, and hands a binary to a run only by copying it
// into that run's own work folder while hashing the bytes copied. The copy
// is what runs; if its hash is not the one in memory, the entry is dropped
// and the run builds the exercise itself. A binary in a work folder is then
// exactly as exposed as one the run built there. What remains is the moment
// between the go command writing a binary and the store hashing it, which
// is no wider than what the go command's own build cache (also writable by
// the grader's user) already exposes.
//
// The store keeps at most DefaultSharedBinariesLimit bytes, forgetting the
// binaries used least recently: in a class whose solutions all differ,
// only the shared ones (the stubs of exercises not attempted) stay.
//
// The key of a binary is the SHA-256 of everything that goes into it: the
// go command's version and environment (GOOS, GOARCH, GOFLAGS...), the
// build flags, every file of the work folder outside the exercise folders
// (the grader, go.mod, go.sum, the catalogue), and every file of the
// exercise's folder (its pristine checks, the learner's sources, the seal
// file), plus the folders of exercises its checks import.
type SharedBinaries struct {
	dir   string
	limit int64

	mu      sync.Mutex
	entries map[string]*sharedBinary
	seq     int   // names files, and orders uses for eviction
	size    int64 // bytes of the binaries in the folder
	// toolchain caches the go environment's fingerprint, by pristine root.
	toolchain map[string]string
}

// sharedBinary is one binary of the store, or one being built.
type sharedBinary struct {
	ready chan struct{} // closed once built or abandoned
	path  string
	sum   []byte // SHA-256 of the binary; nil: not built
	size  int64
	used  int // s.seq when last claimed
}

// DefaultSharedBinariesLimit bounds the disk a store uses (about 80 test
// binaries): past it, the binaries used least recently are removed. A
// class whose every solution differs would otherwise keep every binary of
// every submission.
const DefaultSharedBinariesLimit = 1 << 30

// NewSharedBinaries makes a store in a new private folder (0700) under
// parent ("" is the system's temporary folder). Close removes it.
func NewSharedBinaries(parent string) (*SharedBinaries, error) {
	dir, err := os.MkdirTemp(parent, "queuelab-bins-")
	if err != nil {
		return nil, fmt.Errorf("make the folder for shared test binaries: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("make the folder for shared test binaries private: %w", err)
	}
	return &SharedBinaries{dir: dir, limit: DefaultSharedBinariesLimit, entries: map[string]*sharedBinary{}, toolchain: map[string]string{}}, nil
}

// Close removes the store's folder and everything in it.
func (s *SharedBinaries) Close() error {
	return os.RemoveAll(s.dir)
}

// claim looks key up. It returns the entry and whether the caller must
// build it (the key was unknown; the caller then calls publish or abandon).
func (s *SharedBinaries) claim(key string) (*sharedBinary, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	if e, ok := s.entries[key]; ok {
		e.used = s.seq
		return e, false
	}
	e := &sharedBinary{ready: make(chan struct{}), path: filepath.Join(s.dir, strconv.Itoa(s.seq)+".test"), used: s.seq}
	s.entries[key] = e
	return e, true
}

// lookup returns key's entry, built or being built by another run, or nil
// when there is none; it counts as a use.
func (s *SharedBinaries) lookup(key string) *sharedBinary {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[key]
	if !ok {
		return nil
	}
	s.seq++
	e.used = s.seq
	return e
}

// publish adds the binary at built (just built, before any test process
// of its run started) to the store for key, with its hash: a hard link to
// it when possible, else a copy. Either file may be changed later by a test
// process; install sees it.
func (s *SharedBinaries) publish(key string, e *sharedBinary, built string) {
	var sum []byte
	err := os.Link(built, e.path)
	if err == nil {
		sum, err = hashFile(e.path)
	} else {
		sum, err = copyHashing(built, e.path)
	}
	info, statErr := os.Stat(e.path)
	if err != nil || statErr != nil {
		s.abandon(key, e)
		return
	}
	s.mu.Lock()
	e.sum, e.size = sum, info.Size()
	s.size += e.size
	s.evict(e)
	s.mu.Unlock()
	close(e.ready)
}

// evict removes the binaries used least recently, but keep, until the
// store is within its limit. s.mu is held.
func (s *SharedBinaries) evict(keep *sharedBinary) {
	for s.size > s.limit {
		var oldest *sharedBinary
		var oldestKey string
		for k, e := range s.entries {
			if e != keep && e.sum != nil && (oldest == nil || e.used < oldest.used) {
				oldest, oldestKey = e, k
			}
		}
		if oldest == nil {
			return
		}
		// A run copying it now keeps reading the open file; one that
		// has not opened it yet fails to and builds instead.
		delete(s.entries, oldestKey)
		s.size -= oldest.size
		os.Remove(oldest.path)
	}
}

// abandon forgets a claimed key whose binary was not built: the next run
// that needs it builds it.
func (s *SharedBinaries) abandon(key string, e *sharedBinary) {
	s.drop(key, e)
	close(e.ready)
}

// drop forgets e (if it is still key's entry) and removes its file.
func (s *SharedBinaries) drop(key string, e *sharedBinary) {
	s.mu.Lock()
	if s.entries[key] == e {
		delete(s.entries, key)
		s.size -= e.size
		os.Remove(e.path)
	}
	s.mu.Unlock()
}

// install waits for e to be built, then copies it to dst, hashing the
// copy. It reports false (and dst does not exist) when e was not built,
// ctx ended, or the copy is not what was built: the caller builds instead.
func (s *SharedBinaries) install(ctx context.Context, key string, e *sharedBinary, dst string) bool {
	select {
	case <-e.ready:
	case <-ctx.Done():
		return false
	}
	s.mu.Lock()
	want := e.sum
	s.mu.Unlock()
	if want == nil {
		return false
	}
	got, err := copyHashing(e.path, dst)
	if err == nil && bytes.Equal(got, want) {
		return true
	}
	os.Remove(dst)
	s.drop(key, e) // tampered with or unreadable: nobody gets it again
	return false
}

// copyHashing copies src to a new executable file dst and returns the
// SHA-256 of the bytes written.
func copyHashing(src, dst string) ([]byte, error) {
	in, err := os.Open(src)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o700)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(out, h), in); err != nil {
		out.Close()
		os.Remove(dst)
		return nil, err
	}
	if err := out.Close(); err != nil {
		os.Remove(dst)
		return nil, err
	}
	return h.Sum(nil), nil
}

// hashFile is the SHA-256 of the file at path.
func hashFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

// compileFlags are the build flags that change what the compiler makes, so
// that WarmBuildCache fills the cache with what buildArgs then finds:
// -trimpath makes the build cache shared across work folders.
var compileFlags = []string{"-trimpath"}

// buildArgs are the go command's arguments before the output folder and the
// packages, part of every binary's key. Without DWARF (-w) and the symbol
// table (-s) linking is faster, and panics still name functions, files and
// lines (the runtime's own tables stay, which labtest's check of the stack
// reads too). -vet=off: go test -c would otherwise vet every exercise
// package, as long as compiling it again, and fail a submission for what
// vet reports, which is not the compiler's verdict nor the grader's.
var buildArgs = append(append([]string{"test", "-c", "-vet=off"}, compileFlags...), "-ldflags=-s -w")

// toolchainOf is the fingerprint of the go command that builds in the
// pristine module: `go env` there, with the build environment, which names
// the version, GOOS, GOARCH, GOAMD64, GOFLAGS, GOEXPERIMENT and the rest.
func (s *SharedBinaries) toolchainOf(ctx context.Context, pristine string) (string, error) {
	s.mu.Lock()
	fp, ok := s.toolchain[pristine]
	s.mu.Unlock()
	if ok {
		return fp, nil
	}
	cmd := exec.CommandContext(ctx, "go", "env")
	cmd.Dir = pristine
	cmd.Env = buildEnv()
	out, err := cmd.Output()
	if errors.Is(err, exec.ErrNotFound) {
		return "", ErrNoToolchain
	}
	if err != nil {
		return "", fmt.Errorf("read the go environment: %w", err)
	}
	fp = string(out) + "\x00" + strings.Join(buildArgs, "\x00")
	s.mu.Lock()
	s.toolchain[pristine] = fp
	s.mu.Unlock()
	return fp, nil
}

// binaryKeys computes the key of each graded exercise's test binary from
// the work folder as prepared.
func (g *grading) binaryKeys(ctx context.Context, work string) (map[string]string, error) {
	toolchain, err := g.opts.SharedBins.toolchainOf(ctx, g.opts.Pristine)
	if err != nil {
		return nil, err
	}
	common := sha256.New()
	writeField(common, toolchain)
	exercisesDir := filepath.Join(work, "exercises")
	err = hashTree(common, work, func(path string, d fs.DirEntry) bool {
		switch {
		case path == work:
			return false
		case filepath.Dir(path) == exercisesDir && d.IsDir():
			return true // hashed per exercise below
		case filepath.Dir(path) == work:
			// What the runs add: the binaries, the checks' TMPDIR, the
			// learner file (read at run time, not compiled in).
			return d.Name() == binDir || d.Name() == "tmp" || d.Name() == "learner.yaml"
		}
		return false
	})
	if err != nil {
		return nil, fmt.Errorf("fingerprint the work folder: %w", err)
	}
	commonSum := common.Sum(nil)
	keys := map[string]string{}
	for _, id := range g.graded {
		h := sha256.New()
		h.Write(commonSum)
		for _, dep := range exerciseDeps(exercisesDir, id) {
			writeField(h, dep)
			if err := hashTree(h, filepath.Join(exercisesDir, dep), nil); err != nil {
				return nil, fmt.Errorf("fingerprint exercise %s: %w", dep, err)
			}
		}
		keys[id] = hex.EncodeToString(h.Sum(nil))
	}
	return keys, nil
}

// exerciseDeps is id and the other exercises whose packages the files of
// exercises/id import, sorted. Learner sources may not import another
// exercise (see scan), but the pristine checks could.
func exerciseDeps(exercisesDir, id string) []string {
	deps := map[string]bool{id: true}
	entries, _ := os.ReadDir(filepath.Join(exercisesDir, id))
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(exercisesDir, id, e.Name()), nil, parser.ImportsOnly)
		if err != nil {
			continue // does not compile: the key does not matter
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if rest, ok := strings.CutPrefix(path, ModulePath+"/exercises/"); ok {
				deps[strings.SplitN(rest, "/", 2)[0]] = true
			}
		}
	}
	out := make([]string, 0, len(deps))
	for d := range deps {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// hashTree writes every regular file under root (its path from root and its
// content) to h, in a fixed order, leaving out what skip says.
func hashTree(h hash.Hash, root string, skip func(string, fs.DirEntry) bool) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if skip != nil && skip(path, d) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			writeField(h, "d:"+filepath.ToSlash(rel))
			return nil
		}
		if !d.Type().IsRegular() {
			writeField(h, "x:"+filepath.ToSlash(rel))
			return nil
		}
		writeField(h, "f:"+filepath.ToSlash(rel))
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return err
		}
		writeField(h, strconv.FormatInt(info.Size(), 10))
		_, err = io.CopyN(h, f, info.Size())
		return err
	})
}

// writeField writes s to h with its length, so fields cannot run together.
func writeField(h hash.Hash, s string) {
	h.Write([]byte(strconv.Itoa(len(s)) + ":" + s))
}
