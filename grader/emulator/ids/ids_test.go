package ids_test

import (
	"regexp"
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
