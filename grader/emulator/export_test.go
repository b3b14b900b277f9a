package emulator

// The benchmarks' baseline handler reads request bodies with the emulator's
// own code, so that the difference it measures is the emulator's work.

// ReadBody is readBody.
var ReadBody = readBody

// BodyBuffers is bodyBuffers.
type BodyBuffers = bodyBuffers

// Get and Put are get and put.
func (p *BodyBuffers) Get() *[]byte  { return p.get() }
func (p *BodyBuffers) Put(b *[]byte) { p.put(b) }
