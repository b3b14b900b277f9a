package backend

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/queuelab/queuelab/grader/emulator"
)

// embedded serves one emulator on a loopback port in the grader's process,
// for the whole run; each check works in an account of its own in it.
type embedded struct {
	lacks    map[string]string
	perCheck bool // no emulator for the run: each check starts its own
	emu      *emulator.Emulator
	srv      *http.Server
}

func (e *embedded) Name() string { return Embedded }

func (e *embedded) Start(context.Context) (Target, error) {
	if e.perCheck {
		return Target{Lacks: e.lacks}, nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Target{}, fmt.Errorf("start the embedded emulator: %w", err)
	}
	e.emu = emulator.New()
	e.srv = &http.Server{Handler: e.emu, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := e.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the checks then fail to connect and say so
		}
	}()
	return Target{URL: "http://" + ln.Addr().String(), Lacks: e.lacks}, nil
}

func (e *embedded) Stop(ctx context.Context) error {
	if e.srv == nil {
		return nil
	}
	err := e.srv.Shutdown(ctx)
	e.emu.Close()
	if err != nil {
		return fmt.Errorf("stop the embedded emulator: %w", err)
	}
	return nil
}
