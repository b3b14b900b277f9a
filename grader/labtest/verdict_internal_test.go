package labtest

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestIsCheckFrame: only the check's own function in the exercise's test
// files may report its verdict.
func TestIsCheckFrame(t *testing.T) {
	t.Parallel()
	const mod = "github.com/queuelab/queuelab/exercises/"
	cases := []struct {
		name  string
		frame runtime.Frame
		want  bool
	}{
		{"internal test", runtime.Frame{Function: mod + "02_sqs_send.TestX", File: "/r/exercises/02_sqs_send/send_test.go"}, true},
		{"external test", runtime.Frame{Function: mod + "02_sqs_send_test.TestX", File: "/r/exercises/02_sqs_send/send_test.go"}, true},
		{"closure in the check", runtime.Frame{Function: mod + "02_sqs_send_test.TestX.func1", File: "/r/exercises/02_sqs_send/send_test.go"}, true},
		{"trimmed path", runtime.Frame{Function: mod + "02_sqs_send.TestX", File: mod + "02_sqs_send/send_test.go"}, true},
		{"learner's file", runtime.Frame{Function: mod + "02_sqs_send.TestX", File: "/r/exercises/02_sqs_send/send.go"}, false},
		{"learner's closure", runtime.Frame{Function: mod + "02_sqs_send.init.func1", File: "/r/exercises/02_sqs_send/send.go"}, false},
		{"another check", runtime.Frame{Function: mod + "02_sqs_send.TestY", File: "/r/exercises/02_sqs_send/send_test.go"}, false},
		{"a longer name", runtime.Frame{Function: mod + "02_sqs_send.TestXY", File: "/r/exercises/02_sqs_send/send_test.go"}, false},
		{"another exercise", runtime.Frame{Function: mod + "03_sqs_consume.TestX", File: "/r/exercises/03_sqs_consume/c_test.go"}, false},
		{"folder mismatch", runtime.Frame{Function: mod + "02_sqs_send.TestX", File: "/r/elsewhere/send_test.go"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, isCheckFrame(tc.frame, "02_sqs_send", "TestX"))
		})
	}
}
