package sqs

import (
	"encoding/base64"
	"encoding/json"
	"sort"
	"sync"
	"time"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask: moving
// messages out of a dead-letter queue, back to their sources or to a chosen
// queue, all at once or at a rate.

type moveTask struct {
	id, handle   string
	source, dest string // ARNs; dest "" means each message's original source
	rate         *int
	started      time.Time
	toMove       int64

	mu      sync.Mutex
	status  string // RUNNING, COMPLETED, CANCELLING, CANCELLED, FAILED
	moved   int64
	failure string
	cancel  chan struct{}
}

type taskHandle struct {
	TaskID    string `json:"taskId"`
	SourceArn string `json:"sourceArn"`
}

func (s *Service) startMessageMoveTask(r *request, in *startMoveTaskInput) (*startMoveTaskOutput, *awserr.Error) {
	if in.SourceArn == "" {
		return nil, missingParam("SourceArn")
	}
	src := s.queueByARN(in.SourceArn)
	if src == nil {
		return nil, resourceNotFound("SourceArn")
	}
	if len(s.sourcesOf(src)) == 0 {
		return nil, errInvalidParameterValue.Newf("Source queue must be configured as a Dead Letter Queue.")
	}
	if in.DestinationArn != "" && s.queueByARN(in.DestinationArn) == nil {
		return nil, resourceNotFound("DestinationArn")
	}
	if in.MaxNumberOfMessagesPerSecond != nil && (*in.MaxNumberOfMessagesPerSecond < 1 || *in.MaxNumberOfMessagesPerSecond > 500) {
		return nil, invalidParam(*in.MaxNumberOfMessagesPerSecond, "MaxNumberOfMessagesPerSecond", "Must be between 1 and 500, if provided.")
	}
	visible, _, _ := src.countsLocked(r.now)
	t := &moveTask{
		id: s.idSource.New().String(), source: src.arn, dest: in.DestinationArn, rate: in.MaxNumberOfMessagesPerSecond,
		started: r.now, toMove: int64(visible), status: "RUNNING", cancel: make(chan struct{}),
	}
	h, _ := json.Marshal(taskHandle{TaskID: t.id, SourceArn: src.arn})
	t.handle = base64.StdEncoding.EncodeToString(h)

	s.mu.Lock()
	for _, other := range s.moves {
		if other.source == src.arn && other.isActive() {
			s.mu.Unlock()
			return nil, errInvalidParameterValue.Newf("There is already a task running. Only one active task is allowed for a source queue arn at a given time.")
		}
	}
	s.moves[t.id] = t
	s.mu.Unlock()

	// The first step runs now, so that a task's first second is done when
	// Start returns; a rate-limited task goes on in the background.
	if t.rate == nil {
		s.runMoveStep(t, 0)
	} else if s.runMoveStep(t, *t.rate) {
		s.goBackground(func() { s.runMoveTask(t) })
	}
	return &startMoveTaskOutput{TaskHandle: t.handle}, nil
}

// runMoveTask moves rate messages per second of the clock until the source
// is drained, the task is cancelled or the service closes.
func (s *Service) runMoveTask(t *moveTask) {
	for {
		select {
		case <-s.cfg.Clock.After(time.Second):
		case <-t.cancel:
			t.finish("CANCELLED", "")
			return
		case <-s.closed:
			return
		}
		if !s.runMoveStep(t, *t.rate) {
			return
		}
	}
}

// runMoveStep moves up to n messages (0: all) and reports whether the task
// should go on.
func (s *Service) runMoveStep(t *moveTask, n int) bool {
	now := s.cfg.Clock.Now()
	src := s.queueByARN(t.source)
	if src == nil {
		t.finish("FAILED", "AWS.SimpleQueueService.NonExistentQueue")
		return false
	}
	remaining := int(t.toMove - t.movedCount())
	if n == 0 || n > remaining {
		n = remaining
	}
	if n <= 0 {
		t.finish("COMPLETED", "")
		return false
	}
	var fixedDest *queue
	if t.dest != "" {
		if fixedDest = s.queueByARN(t.dest); fixedDest == nil {
			t.finish("FAILED", "AWS.SimpleQueueService.NonExistentQueue")
			return false
		}
	}
	msgs := src.takeVisible(now, n)
	for _, m := range msgs {
		dest := fixedDest
		if dest == nil {
			dest = s.queueByARN(m.more().dlqFrom)
		}
		if dest == nil || !dest.enqueueMoved(now, []*message{m}, "") {
			src.enqueueMoved(now, []*message{m}, m.more().dlqFrom) // put it back
			t.finish("FAILED", "AWS.SimpleQueueService.NonExistentQueue")
			return false
		}
		src.forgetMoved([]*message{m})
		t.mu.Lock()
		t.moved++
		t.mu.Unlock()
	}
	if len(msgs) < n || t.movedCount() >= t.toMove {
		t.finish("COMPLETED", "")
		return false
	}
	return true
}

func (t *moveTask) movedCount() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.moved
}

func (t *moveTask) isActive() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.status == "RUNNING" || t.status == "CANCELLING"
}

func (t *moveTask) finish(status, failure string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.status == "RUNNING" || t.status == "CANCELLING" {
		t.status, t.failure = status, failure
	}
}

func (s *Service) listMessageMoveTasks(r *request, in *listMoveTasksInput) (*listMoveTasksOutput, *awserr.Error) {
	if in.SourceArn == "" {
		return nil, missingParam("SourceArn")
	}
	if s.queueByARN(in.SourceArn) == nil {
		return nil, resourceNotFound("SourceArn")
	}
	max := 1
	if in.MaxResults != nil {
		if max = *in.MaxResults; max < 1 || max > 10 {
			return nil, invalidParam(max, "MaxResults", "Must be between 1 and 10, if provided.")
		}
	}
	s.mu.RLock()
	var tasks []*moveTask
	for _, t := range s.moves {
		if t.source == in.SourceArn {
			tasks = append(tasks, t)
		}
	}
	s.mu.RUnlock()
	sort.Slice(tasks, func(i, j int) bool { return tasks[i].started.After(tasks[j].started) })
	out := &listMoveTasksOutput{}
	for i, t := range tasks {
		if i == max {
			break
		}
		t.mu.Lock()
		e := moveTaskEntry{
			Status: t.status, SourceArn: t.source, DestinationArn: t.dest,
			MaxNumberOfMessagesPerSecond: t.rate, ApproximateNumberOfMessagesMoved: t.moved,
			ApproximateNumberOfMessagesToMove: t.toMove, FailureReason: t.failure,
			StartedTimestamp: t.started.UnixMilli(),
		}
		if t.status == "RUNNING" {
			e.TaskHandle = t.handle
		}
		t.mu.Unlock()
		out.Results = append(out.Results, e)
	}
	return out, nil
}

func (s *Service) cancelMessageMoveTask(r *request, in *cancelMoveTaskInput) (*cancelMoveTaskOutput, *awserr.Error) {
	if in.TaskHandle == "" {
		return nil, missingParam("TaskHandle")
	}
	var h taskHandle
	raw, err := base64.StdEncoding.DecodeString(in.TaskHandle)
	if err != nil || json.Unmarshal(raw, &h) != nil || h.TaskID == "" || h.SourceArn == "" {
		return nil, errInvalidParameterValue.Newf("Value for parameter TaskHandle is invalid.")
	}
	if s.queueByARN(h.SourceArn) == nil {
		return nil, resourceNotFound("SourceArn")
	}
	s.mu.RLock()
	t := s.moves[h.TaskID]
	s.mu.RUnlock()
	if t == nil || t.source != h.SourceArn {
		return nil, errResourceNotFound.Newf("Task does not exist.")
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.status != "RUNNING" {
		return nil, errInvalidParameterValue.Newf("Only active tasks can be cancelled.")
	}
	t.status = "CANCELLING"
	close(t.cancel)
	return &cancelMoveTaskOutput{ApproximateNumberOfMessagesMoved: t.moved}, nil
}
