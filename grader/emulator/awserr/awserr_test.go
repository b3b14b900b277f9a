package awserr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

var queueDoesNotExist = &awserr.Kind{
	Code:      "QueueDoesNotExist",
	QueryCode: "AWS.SimpleQueueService.NonExistentQueue",
	Status:    400,
	Fault:     awserr.Sender,
	Message:   "The specified queue does not exist.",
}

func TestKindMakesErrorsOfItself(t *testing.T) {
	t.Parallel()
	err := queueDoesNotExist.New()
	assert.Equal(t, "The specified queue does not exist.", err.Message)
	assert.Equal(t, "AWS.SimpleQueueService.NonExistentQueue", err.Kind.LegacyCode())

	wrapped := fmt.Errorf("get queue url: %w", queueDoesNotExist.Newf("no %s", "queue"))
	assert.True(t, errors.Is(wrapped, queueDoesNotExist.New()))
	var got *awserr.Error
	require.True(t, errors.As(wrapped, &got))
	assert.Equal(t, "no queue", got.Message)
}

func TestLegacyCodeDefaultsToCode(t *testing.T) {
	t.Parallel()
	k := &awserr.Kind{Code: "InvalidParameter", Status: 400, Fault: awserr.Sender}
	assert.Equal(t, "InvalidParameter", k.LegacyCode())
}

func TestQueryMessageOverridesOnlyTheQueryProtocol(t *testing.T) {
	t.Parallel()
	err := queueDoesNotExist.New()
	err.QueryMessage = "The specified queue does not exist for this wsdl version."
	assert.Equal(t, err.QueryMessage, err.MessageFor("query"))
	assert.Equal(t, err.Message, err.MessageFor("json"))
}

func TestTableRefusesBadKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		kinds []awserr.Kind
		want  string
	}{
		{"no code", []awserr.Kind{{Status: 400, Fault: awserr.Sender}}, "awserr: a kind has no code"},
		{"no status", []awserr.Kind{{Code: "X", Fault: awserr.Sender}}, "awserr: kind X has no HTTP status"},
		{"no fault", []awserr.Kind{{Code: "X", Status: 400}}, "awserr: kind X has no fault"},
		{"duplicate", []awserr.Kind{*queueDoesNotExist, {Code: "QueueDoesNotExist", Status: 400, Fault: awserr.Sender}},
			"awserr: kind QueueDoesNotExist is declared twice"},
		{"duplicate query code", []awserr.Kind{
			{Code: "InvalidParameterValueException", QueryCode: "InvalidParameterValue", Status: 400, Fault: awserr.Sender},
			{Code: "InvalidParameterValue", Status: 400, Fault: awserr.Sender}},
			"awserr: kinds InvalidParameterValueException and InvalidParameterValue share the query code InvalidParameterValue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var table awserr.Table
			last := len(tt.kinds) - 1
			for _, k := range tt.kinds[:last] {
				table.Add(k)
			}
			assert.PanicsWithError(t, tt.want, func() { table.Add(tt.kinds[last]) })
			assert.Len(t, table.Kinds(), last, "a refused kind is not in the table")
		})
	}
}

func TestTableIsTheKindsItMade(t *testing.T) {
	t.Parallel()
	var table awserr.Table
	a := table.Add(*queueDoesNotExist)
	b := table.Add(awserr.Kind{Code: "InvalidAction", Status: 400, Fault: awserr.Sender})
	assert.Equal(t, []*awserr.Kind{a, b}, table.Kinds(), "in the order added")
	byCode := table.ByCode()
	assert.Same(t, a, byCode["QueueDoesNotExist"])
	assert.Same(t, b, byCode["InvalidAction"])
	assert.True(t, errors.Is(a.Newf("x"), a.New()))
}
