package labtest

import "fmt"

// Guard calls fn, a call into the learner's code, and turns a panic in it
// into an error naming what panicked. A check that guards its calls fails
// alone, with its hint, instead of the panic ending the whole test binary
// and every other check of the exercise with it.
//
//	err := labtest.Guard("Consume", func() error { m, err = q.Consume(); return err })
func Guard(what string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s panicked: %v (return an error instead of panicking)", what, r)
		}
	}()
	return fn()
}
