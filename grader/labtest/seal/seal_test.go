package seal_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/labtest/seal"
)

var key = bytes.Repeat([]byte{7}, seal.KeySize)

func TestLineRoundTrips(t *testing.T) {
	t.Parallel()
	v := seal.Verdict{Exercise: "02_sqs_send", Check: "TestX", Status: seal.Pass, Seq: 3}
	got, ok := seal.Parse(key, seal.Line(key, v))
	require.True(t, ok)
	assert.Equal(t, v, got)
}

func TestParseRejectsWhatTheKeyDidNotSign(t *testing.T) {
	t.Parallel()
	good := string(seal.Line(key, seal.Verdict{Exercise: "e", Check: "TestX", Status: seal.Fail}))
	other := bytes.Repeat([]byte{8}, seal.KeySize)
	body, mac, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(good), "QLV1 "), " ")
	forgedPass := string(seal.Line(other, seal.Verdict{Exercise: "e", Check: "TestX", Status: seal.Pass}))
	cases := map[string]string{
		"another key":       forgedPass,
		"payload swapped":   "QLV1 " + strings.Split(strings.TrimPrefix(forgedPass, "QLV1 "), " ")[0] + " " + mac,
		"mac damaged":       "QLV1 " + body + " " + strings.Repeat("0", len(mac)),
		"mac missing":       "QLV1 " + body,
		"not hex":           "QLV1 " + body + " zz",
		"plain text":        "--- PASS: TestX (0.00s)",
		"test2json":         `{"Action":"pass","Test":"TestX"}`,
		"zero key":          string(seal.Line(make([]byte, seal.KeySize), seal.Verdict{Exercise: "e", Check: "TestX", Status: seal.Pass})),
		"unknown status":    string(seal.Line(key, seal.Verdict{Exercise: "e", Check: "TestX", Status: "ok"})),
		"empty":             "",
		"magic, then noise": "QLV1 QLV1 QLV1",
	}
	for name, line := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, ok := seal.Parse(key, []byte(line))
			assert.False(t, ok)
		})
	}
}

func TestParseFindsAVerdictAfterNoise(t *testing.T) {
	t.Parallel()
	line := append([]byte("garbage a submission wrote without a newline QLV1 x "), seal.Line(key, seal.Verdict{Exercise: "e", Check: "TestX", Status: seal.Pass})...)
	v, ok := seal.Parse(key, line)
	require.True(t, ok)
	assert.Equal(t, "TestX", v.Check)
}

func TestReadCountsRejectedLines(t *testing.T) {
	t.Parallel()
	var in bytes.Buffer
	in.Write(seal.Line(key, seal.Verdict{Exercise: "e", Check: "TestA", Status: seal.Pass}))
	in.WriteString("QLV1 forged 00\n")
	in.WriteString(strings.Repeat("x", 10_000) + "\n") // overlong
	in.Write(seal.Line(key, seal.Verdict{Exercise: "e", Check: "TestB", Status: seal.Fail}))
	in.WriteString("\n")
	in.Write(seal.Line(key, seal.Verdict{Exercise: "e", Check: "TestC", Status: seal.Skip})[:20]) // cut short
	var got []string
	rejected := seal.Read(key, &in, func(v seal.Verdict) { got = append(got, v.Check+"="+v.Status) })
	assert.Equal(t, []string{"TestA=pass", "TestB=fail"}, got)
	assert.Equal(t, 3, rejected)
}

func TestFDs(t *testing.T) {
	t.Parallel()
	k, v, err := seal.ParseFDs(seal.FDs(3, 4))
	require.NoError(t, err)
	assert.Equal(t, []int{3, 4}, []int{k, v})
	for _, bad := range []string{"", "3", "a,4", "3,b"} {
		_, _, err := seal.ParseFDs(bad)
		assert.Error(t, err, bad)
	}
}
