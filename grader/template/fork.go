package template

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// Forked says what Fork rewrote.
type Forked struct {
	// From and To are the old and new module paths.
	From, To string
	// GoMod, GoFiles and Other count the files that named From: go.mod
	// files, Go sources (imports and string literals) and other text files
	// (docs, workflows, the Makefile).
	GoMod, GoFiles, Other int
}

// Fork writes a full copy of the pristine tree at src (see Pristine),
// solutions included, to dst (which must not exist or be empty), with its
// module path changed to newPath everywhere it is named: the go.mod files'
// module, require and replace lines (read and written with
// golang.org/x/mod/modfile), every import and string literal in the Go
// sources (found with go/parser, so comments and formatting are kept), and
// every other text file (README, workflows). A course tags and publishes
// the fork; `grader template` run from the fork then pins
// newPath/grader/cmd/grader at that tag.
func Fork(src, dst, newPath string) (Forked, error) {
	if err := module.CheckPath(newPath); err != nil {
		return Forked{}, fmt.Errorf("fork: %w", err)
	}
	if entries, err := os.ReadDir(dst); err == nil && len(entries) > 0 {
		return Forked{}, fmt.Errorf("fork: %s is not empty", dst)
	}
	src = filepath.Clean(src)
	if inside(dst, src) {
		return Forked{}, fmt.Errorf("fork: %s is inside the repository; fork somewhere else", dst)
	}
	oldPath, err := modulePath(src)
	if err != nil {
		return Forked{}, fmt.Errorf("fork: %w", err)
	}
	res := Forked{From: oldPath, To: newPath}
	if err := copyTree(src, dst, func(rel string) bool { return rel == ".git" }); err != nil {
		return res, fmt.Errorf("fork: copy %s: %w", src, err)
	}
	err = filepath.WalkDir(dst, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil || !bytes.Contains(data, []byte(oldPath)) {
			return err
		}
		var out []byte
		switch {
		case d.Name() == "go.mod":
			out, err = rewriteGoMod(path, data, oldPath, newPath)
			res.GoMod++
		case strings.HasSuffix(d.Name(), ".go"):
			out, err = rewriteGoSource(path, data, oldPath, newPath)
			res.GoFiles++
		case utf8.Valid(data) && !bytes.ContainsRune(data, 0):
			out = []byte(replacePath(string(data), oldPath, newPath))
			res.Other++
		default:
			return nil // binary
		}
		if err != nil {
			return err
		}
		return os.WriteFile(path, out, d.Type().Perm()|0o644)
	})
	if err != nil {
		return res, fmt.Errorf("fork: %w", err)
	}
	return res, nil
}

// rewriteGoMod moves a go.mod's module, require and replace lines that name
// oldPath (or a path under it) to newPath.
func rewriteGoMod(name string, data []byte, oldPath, newPath string) ([]byte, error) {
	f, err := modfile.Parse(name, data, nil)
	if err != nil {
		return nil, err
	}
	if f.Module != nil {
		if p, ok := movePath(f.Module.Mod.Path, oldPath, newPath); ok {
			if err := f.AddModuleStmt(p); err != nil {
				return nil, err
			}
		}
	}
	// Drop* zero the entries they drop: work on copies.
	var requires []modfile.Require
	for _, r := range f.Require {
		requires = append(requires, *r)
	}
	var replaces []modfile.Replace
	for _, r := range f.Replace {
		replaces = append(replaces, *r)
	}
	for _, r := range requires {
		if p, ok := movePath(r.Mod.Path, oldPath, newPath); ok {
			if err := f.DropRequire(r.Mod.Path); err != nil {
				return nil, err
			}
			f.AddNewRequire(p, r.Mod.Version, r.Indirect)
		}
	}
	for _, r := range replaces {
		oldP, oldOK := movePath(r.Old.Path, oldPath, newPath)
		newP, newOK := movePath(r.New.Path, oldPath, newPath)
		if !oldOK && !newOK {
			continue
		}
		if err := f.DropReplace(r.Old.Path, r.Old.Version); err != nil {
			return nil, err
		}
		if !oldOK {
			oldP = r.Old.Path
		}
		if !newOK {
			newP = r.New.Path
		}
		if err := f.AddReplace(oldP, r.Old.Version, newP, r.New.Version); err != nil {
			return nil, err
		}
	}
	f.Cleanup()
	return modfile.Format(f.Syntax), nil
}

// rewriteGoSource changes the import paths and string literals of a Go file
// that name oldPath, in place: only the literals' bytes change.
func rewriteGoSource(name string, src []byte, oldPath, newPath string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parse %s to rewrite its imports: %w", name, err)
	}
	type edit struct {
		from, to int
		text     string
	}
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		value, err := strconv.Unquote(lit.Value)
		if err != nil {
			return true
		}
		moved := replacePath(value, oldPath, newPath)
		if moved == value {
			return true
		}
		text := strconv.Quote(moved)
		if strings.HasPrefix(lit.Value, "`") && !strings.Contains(moved, "`") {
			text = "`" + moved + "`"
		}
		edits = append(edits, edit{fset.Position(lit.Pos()).Offset, fset.Position(lit.End()).Offset, text})
		return true
	})
	sort.Slice(edits, func(i, j int) bool { return edits[i].from < edits[j].from })
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		out.Write(src[last:e.from])
		out.WriteString(e.text)
		last = e.to
	}
	out.Write(src[last:])
	return out.Bytes(), nil
}

// movePath is p under newPath when p is oldPath or a path under it.
func movePath(p, oldPath, newPath string) (string, bool) {
	if p == oldPath || strings.HasPrefix(p, oldPath+"/") {
		return newPath + p[len(oldPath):], true
	}
	return p, false
}

// replacePath replaces every mention of the module path oldPath in s (as a
// whole path element: not github.com/queuelab/queuelabs) with newPath.
func replacePath(s, oldPath, newPath string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, oldPath)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(oldPath)
		whole := (i == 0 || s[i-1] == '/' || !pathByte(s[i-1])) && (end == len(s) || s[end] == '/' || !pathByte(s[end]))
		b.WriteString(s[:i])
		if whole {
			b.WriteString(newPath)
		} else {
			b.WriteString(oldPath)
		}
		s = s[end:]
	}
}

// pathByte reports whether c may appear inside a module path element.
func pathByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '-' || c == '_' || c == '~' || c == '/'
}
