package msgattr_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/queuelab/queuelab/grader/emulator/msgattr"
)

// The expected digests were returned by real SQS for these attributes
// (recorded in shared/aws-parity/test_sqs.snapshot.json).
func TestMD5MatchesRealSQS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		attrs map[string]msgattr.Value
		want  string
	}{
		{"none", nil, ""},
		{
			"one string",
			map[string]msgattr.Value{"MyAttribute": {DataType: "String", StringValue: "foobar"}},
			"adb59cd4678ea5a855436b949cd07ab6",
		},
		{
			"several strings, sorted by name",
			map[string]msgattr.Value{
				"Hello":   {DataType: "String", StringValue: "There"},
				"General": {DataType: "String", StringValue: "Kenobi"},
				"Help.Me": {DataType: "String", StringValue: "Me"},
			},
			"4c360f3fdafd970e05fae2f149d997f5",
		},
		{
			"binary",
			map[string]msgattr.Value{"attr1": {DataType: "Binary",
				BinaryValue: []byte("traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01")}},
			"8cbe4db156db8a94db8b801b7addb984",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, msgattr.MD5(tt.attrs))
		})
	}
}

func TestMD5OfBody(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "5d41402abc4b2a76b9719d911017c592", msgattr.MD5OfBody("hello"))
}

func TestBaseType(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "String", msgattr.BaseType("String.json"))
	assert.Equal(t, "Binary", msgattr.BaseType("Binary"))
	assert.True(t, msgattr.Value{DataType: "Binary.gif"}.IsBinary())
	assert.False(t, msgattr.Value{DataType: "Number"}.IsBinary())
}
