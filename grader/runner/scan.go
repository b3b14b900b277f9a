package runner

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

// scan refuses learner sources that use the few tools able to break the
// verdict seal from inside the process (see the package doc): reading or
// patching memory (unsafe, cgo), reaching labtest's internals (linkname),
// disguising a function as a check (//line), or running before labtest
// (importing another exercise package). It returns nil for a file that does
// not parse: the compiler then reports the error with its position.
func scan(rel string, src []byte) *problem {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	at := func(pos token.Pos, msg string) *problem {
		p := fset.Position(pos)
		return &problem{message: rel + ":" + strconv.Itoa(p.Line) + ": " + msg, file: rel, line: p.Line}
	}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		switch {
		case path == "unsafe":
			return at(imp.Pos(), `import "unsafe" is not allowed in graded code`)
		case path == "C":
			return at(imp.Pos(), `cgo (import "C") is not allowed in graded code`)
		case strings.HasPrefix(path, ModulePath+"/exercises/"):
			return at(imp.Pos(), "importing another exercise ("+path+") is not allowed: copy what you need into this exercise")
		}
	}
	for _, group := range f.Comments {
		if p := scanComments(group, at); p != nil {
			return p
		}
	}
	return nil
}

func scanComments(group *ast.CommentGroup, at func(token.Pos, string) *problem) *problem {
	for _, c := range group.List {
		switch {
		case strings.HasPrefix(c.Text, "//go:linkname"):
			return at(c.Pos(), "//go:linkname is not allowed in graded code")
		case strings.HasPrefix(c.Text, "//line ") || strings.HasPrefix(c.Text, "/*line "):
			return at(c.Pos(), "//line directives are not allowed in graded code")
		}
	}
	return nil
}
