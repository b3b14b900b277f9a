package template

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReplacePath(t *testing.T) {
	t.Parallel()
	const old, school = "github.com/queuelab/queuelab", "github.com/school/kit"
	cases := []struct{ in, want string }{
		{old, school},
		{old + "/grader/cmd/grader@v1.2.0", school + "/grader/cmd/grader@v1.2.0"},
		{"https://" + old + "/issues", "https://" + school + "/issues"},
		{"`" + old + "`", "`" + school + "`"},
		{old + "s/x", old + "s/x"},
		{"xgithub.com/queuelab/queuelab", "xgithub.com/queuelab/queuelab"},
		{"no mention", "no mention"},
		{old + " and " + old + "/labtest", school + " and " + school + "/labtest"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, replacePath(tc.in, old, school), tc.in)
	}
}

func TestRewriteGoSource(t *testing.T) {
	t.Parallel()
	const old, school = "github.com/queuelab/queuelab", "school.example/kit"
	cases := []struct{ name, in, want string }{
		{
			name: "imports, grouped and single, comments kept",
			in:   "// Package x uses github.com/queuelab/queuelab.\npackage x\n\nimport (\n\t\"fmt\"\n\n\tlt \"github.com/queuelab/queuelab/grader/labtest\" // the checks\n)\n\nimport \"github.com/queuelab/queuelab/exercises\"\n",
			want: "// Package x uses github.com/queuelab/queuelab.\npackage x\n\nimport (\n\t\"fmt\"\n\n\tlt \"school.example/kit/grader/labtest\" // the checks\n)\n\nimport \"school.example/kit/exercises\"\n",
		},
		{
			name: "string literals, raw ones stay raw",
			in:   "package x\n\nconst ModulePath = \"github.com/queuelab/queuelab\"\n\nvar help = `go run github.com/queuelab/queuelab/grader/cmd/grader@v1`\n\nvar other = \"github.com/queuelab/queuelabs\"\n",
			want: "package x\n\nconst ModulePath = \"school.example/kit\"\n\nvar help = `go run school.example/kit/grader/cmd/grader@v1`\n\nvar other = \"github.com/queuelab/queuelabs\"\n",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := rewriteGoSource("x.go", []byte(tc.in), old, school)
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
		})
	}
	_, err := rewriteGoSource("bad.go", []byte("package x\nfunc {"), old, school)
	assert.ErrorContains(t, err, "bad.go")
}

func TestRewriteGoMod(t *testing.T) {
	t.Parallel()
	const old, school = "github.com/queuelab/queuelab", "school.example/kit"
	in := "// The solutions.\nmodule github.com/queuelab/queuelab/solutions\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/aws/aws-sdk-go-v2 v1.48.0\n\tgithub.com/queuelab/queuelab v0.0.0\n)\n\nreplace github.com/queuelab/queuelab => ../\n"
	got, err := rewriteGoMod("go.mod", []byte(in), old, school)
	require.NoError(t, err)
	s := string(got)
	assert.Contains(t, s, "// The solutions.\nmodule school.example/kit/solutions\n")
	assert.Contains(t, s, "github.com/aws/aws-sdk-go-v2 v1.48.0")
	assert.Contains(t, s, "school.example/kit v0.0.0")
	assert.Contains(t, s, "replace school.example/kit => ../")
	assert.NotContains(t, s, old)
}

func TestForkRefuses(t *testing.T) {
	t.Parallel()
	src := t.TempDir()
	cases := []struct{ name, dst, module, want string }{
		{"bad module path", t.TempDir(), "not a path", "malformed"},
		{"inside", src + "/fork", "school.example/kit", "inside the repository"},
		{"no go.mod", t.TempDir() + "/fork", "school.example/kit", "go.mod"},
	}
	for _, tc := range cases {
		_, err := Fork(src, tc.dst, tc.module)
		assert.ErrorContains(t, err, tc.want, tc.name)
	}
}
