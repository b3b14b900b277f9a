package intake

import (
	"path"
	"sort"
	"strings"

	"github.com/queuelab/queuelab/grader/learner"
)

// selectSources finds the submission's exercises folder among the candidates
// and returns the files to write, with paths as in a repository:
// exercises/NN_name/... and learner.yaml.
//
// A submission may be a whole repository, a repository inside a top folder
// (as most archives are), or only its exercises folder. The exercises folder
// is the shallowest folder named "exercises" that holds exercise folders; if
// there is none, the shallowest folder that holds exercise folders.
func (c *collector) selectSources() ([]file, error) {
	type dir struct {
		prefix string // folder holding the NN_name folders, "" for the root
		depth  int
		named  bool // its name is "exercises"
	}
	var dirs []dir
	have := map[string]bool{}
	for _, f := range c.files {
		i, ok := inExercise(f.path)
		if !ok {
			continue
		}
		segs := strings.Split(f.path, "/")
		prefix := strings.Join(segs[:i], "/")
		if have[prefix] {
			continue
		}
		have[prefix] = true
		dirs = append(dirs, dir{prefix: prefix, depth: i, named: i > 0 && segs[i-1] == "exercises"})
	}
	if len(dirs) == 0 {
		return nil, ErrNoSources
	}
	sort.Slice(dirs, func(a, b int) bool {
		da, db := dirs[a], dirs[b]
		if da.named != db.named {
			return da.named
		}
		if da.depth != db.depth {
			return da.depth < db.depth
		}
		return da.prefix < db.prefix
	})
	chosen := dirs[0]
	root := chosen.prefix
	if chosen.named {
		root = path.Dir(chosen.prefix)
		if root == "." {
			root = ""
		}
	}
	for _, d := range dirs[1:] {
		c.warn("ignored sources under %q: graded those under %q", orRoot(d.prefix), orRoot(chosen.prefix))
	}

	var out []file
	for _, f := range c.files {
		if rel, ok := under(f.path, chosen.prefix); ok {
			if i, ok := inExercise(rel); ok && i == 0 {
				out = append(out, file{path: "exercises/" + rel, data: f.data})
				continue
			}
		}
		if r, ok := under(f.path, root); ok && r == learner.FileName {
			out = append(out, file{path: learner.FileName, data: f.data})
		}
	}
	return out, nil
}

// under returns p relative to prefix when p is inside it.
func under(p, prefix string) (string, bool) {
	if prefix == "" {
		return p, true
	}
	if strings.HasPrefix(p, prefix+"/") {
		return p[len(prefix)+1:], true
	}
	return "", false
}

func orRoot(p string) string {
	if p == "" {
		return "."
	}
	return p
}
