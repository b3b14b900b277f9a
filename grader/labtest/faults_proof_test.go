package labtest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/fixtures/mistakes"
)

// TestGiveUpConsumerFailsTheFaultCheck: exercise 03's fault-injection check
// fails, with its hint, on a consumer that does everything else right but
// gives up on the first error (the case giveup-consumer of
// fixtures/mistakes), and passes on the reference solution. The stub's side
// of the proof is grader/runner's TestProof.
func TestGiveUpConsumerFailsTheFaultCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs exercise 03's checks")
	}
	t.Parallel()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	stub := filepath.Join(root, "exercises", "03_sqs_consume", "consumer.go")
	solution := filepath.Join(root, "solutions", "03_sqs_consume", "consumer.go")
	tests := []struct {
		name     string
		consumer string
		pass     bool
	}{
		{name: "gives up", consumer: giveUpConsumer(t, root, solution)},
		{name: "solution", consumer: solution, pass: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			overlay, err := json.Marshal(map[string]map[string]string{"Replace": {stub: tt.consumer}})
			require.NoError(t, err)
			path := filepath.Join(t.TempDir(), "overlay.json")
			require.NoError(t, os.WriteFile(path, overlay, 0o644))
			cmd := exec.Command("go", "test", "-count=1", "-overlay", path, "-run", "^TestConsumerSurvivesFaults$", "./exercises/03_sqs_consume/")
			cmd.Dir = root
			cmd.Env = append(os.Environ(), EnvEndpoint+"=", "AWS_ENDPOINT_URL=")
			cmd.WaitDelay = 10 * time.Second
			out, err := cmd.CombinedOutput()
			if tt.pass {
				require.NoError(t, err, "%s", out)
				return
			}
			require.Error(t, err, "%s", out)
			assert.Contains(t, string(out), "Run returned before it was stopped, while SQS was failing: consume ")
			assert.Contains(t, string(out), "exceeded maximum number of attempts, 3")
			assert.Contains(t, string(out), "HINT: SQS fails now and then")
			assert.True(t, strings.Contains(string(out), "--- FAIL: TestConsumerSurvivesFaults"), "%s", out)
		})
	}
}

// giveUpConsumer writes exercise 03's solution with the mistake
// giveup-consumer laid over it, and returns the file.
func giveUpConsumer(t *testing.T, root, solution string) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(solution)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "consumer.go"), data, 0o644))
	require.NoError(t, mistakes.Lay(root, "giveup-consumer", dir))
	return filepath.Join(dir, "consumer.go")
}
