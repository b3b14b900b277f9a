package ids_test

import (
	"encoding/hex"
	"regexp"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/queuelab/queuelab/grader/emulator/ids"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestUUIDIsVersion4AndUnique(t *testing.T) {
	t.Parallel()
	seen := make(map[string]bool)
	for range 10000 {
		id := ids.UUID()
		assert.Regexp(t, uuidV4, id)
		assert.False(t, seen[id], "duplicate id %s", id)
		seen[id] = true
	}
}

func TestParseReadsWhatStringWrites(t *testing.T) {
	t.Parallel()
	for range 1000 {
		id := ids.New()
		text := id.String()
		got, ok := ids.Parse(text)
		assert.True(t, ok, text)
		assert.Equal(t, id, got)
		marshalled, err := id.MarshalText()
		assert.NoError(t, err)
		assert.Equal(t, text, string(marshalled))
		assert.Equal(t, "x"+text, string(id.Append([]byte("x"))))
	}
}

func TestParseRefusesOtherText(t *testing.T) {
	t.Parallel()
	valid := "0f8fad5b-d9cb-469f-a165-70867728950e"
	_, ok := ids.Parse(valid)
	assert.True(t, ok)
	for _, text := range []string{
		"",
		valid[:35],
		valid + "0",
		"0F8FAD5B-D9CB-469F-A165-70867728950E", // ids are written in lower case
		"0f8fad5b_d9cb-469f-a165-70867728950e",
		"0f8fad5b-d9cb-469f-a165-70867728950g",
		"0f8fad5bd-9cb-469f-a165-70867728950e",
	} {
		_, ok := ids.Parse(text)
		assert.False(t, ok, "%q", text)
	}
}

func TestSourceMakesDistinctVersion4IDs(t *testing.T) {
	t.Parallel()
	a, b := ids.NewSource(), ids.NewSource()
	seen := make(map[ids.ID]bool)
	for range 50000 {
		for _, s := range []*ids.Source{a, b} {
			id := s.New()
			assert.Regexp(t, uuidV4, id.String())
			assert.False(t, seen[id], "duplicate id %s", id)
			seen[id] = true
		}
	}
}

func TestSourceIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	s := ids.NewSource()
	const workers, each = 8, 2000
	got := make(chan ids.ID, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				got <- s.New()
			}
		})
	}
	wg.Wait()
	close(got)
	seen := make(map[ids.ID]bool)
	for id := range got {
		assert.False(t, seen[id], "duplicate id %s", id)
		seen[id] = true
	}
	assert.Len(t, seen, workers*each)
}

// String must write what the obvious byte-at-a-time formatting writes, for
// every nibble value in every position.
func TestStringMatchesHexEncoding(t *testing.T) {
	t.Parallel()
	reference := func(id ids.ID) string {
		h := hex.EncodeToString(id[:])
		return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
	}
	cases := []ids.ID{{}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}
	for n := range 16 {
		var id ids.ID
		for i := range id {
			id[i] = byte(n<<4 | (15 - n))
		}
		cases = append(cases, id)
	}
	for range 10000 {
		cases = append(cases, ids.New())
	}
	for _, id := range cases {
		assert.Equal(t, reference(id), id.String())
	}
}
