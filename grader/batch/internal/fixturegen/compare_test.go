package fixturegen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompare(t *testing.T) {
	t.Parallel()
	const header = "id,score,max,LO1 score,LO1 pass,01_q score,status,note\n"
	expected := header + "ada,10,10,10,pass,10,graded,\nbob,0,10,0,fail,0,graded,\n"
	cases := []struct {
		name  string
		got   string
		diffs []string
	}{
		{"same", expected, nil},
		{"a note is no grade", header + "ada,10,10,10,pass,10,graded,\nbob,0,10,0,fail,0,graded,does not compile: 01_q\n", nil},
		{"a score differs", header + "ada,4,10,4,fail,4,graded,\nbob,0,10,0,fail,0,graded,\n",
			[]string{"ada: expected 10/10 graded, got 4/10 graded (score 10 → 4; LO1 score 10 → 4; LO1 pass pass → fail; 01_q score 10 → 4)"}},
		{"missing and extra", header + "ada,10,10,10,pass,10,graded,\ncarol,0,10,0,fail,0,timeout,\n",
			[]string{"bob: expected 0/10 graded, got missing", "carol: expected missing, got 0/10 timeout"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, diffs, err := Compare([]byte(expected), []byte(tc.got))
			require.NoError(t, err)
			assert.Equal(t, 2, n)
			var got []string
			for _, d := range diffs {
				got = append(got, d.String())
			}
			assert.Equal(t, tc.diffs, got)
		})
	}
	_, _, err := Compare([]byte(expected), []byte("not,a,gradebook\n"))
	assert.ErrorContains(t, err, "header")
}
