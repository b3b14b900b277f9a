package report

// Reason says, as data, why a check that did not pass ended as it did, so
// that no writer has to guess it back from the message. The runner sets it
// from what it observed; every format reads it from here.
type Reason string

// The reasons a check can end without passing. ReasonNone is a plain
// failure (an assertion) or a pass.
const (
	ReasonNone Reason = ""
	// ReasonNotImplemented: the learner's function still returns the stub's
	// "not implemented yet".
	ReasonNotImplemented Reason = "not_implemented"
	// ReasonCompile: the exercise did not compile (or was refused before
	// compiling); every check of the exercise carries the same message.
	ReasonCompile Reason = "compile_error"
	// ReasonPanic: the code under test panicked.
	ReasonPanic Reason = "panic"
	// ReasonTimeout: the check did not finish within its time limit.
	ReasonTimeout Reason = "timeout"
	// ReasonCrash: the test process ended before the check sent a verdict
	// (os.Exit, a fatal error, a crash in another check).
	ReasonCrash Reason = "crash"
	// ReasonFlood: the test process printed far too much and was stopped.
	ReasonFlood Reason = "output_flood"
	// ReasonOutOfMemory: the test process ran out of the memory allowed.
	ReasonOutOfMemory Reason = "out_of_memory"
	// ReasonGrader: the grader itself could not build or run the check.
	ReasonGrader Reason = "grader_error"
	// ReasonBackendLacks: skipped, the backend lacks a feature it needs.
	ReasonBackendLacks Reason = "backend_lacks"
)
