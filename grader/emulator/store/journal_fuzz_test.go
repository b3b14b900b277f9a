package store

import (
	"bytes"
	"testing"
)

// FuzzReadJournal holds readJournal to what Open relies on, whatever the
// bytes: no panic, and records that are the journal's start, whole.
func FuzzReadJournal(f *testing.F) {
	var journal []byte
	for seq, c := range []Change{
		PutQueue{Queue: Queue{ID: "q", Name: "orders"}},
		PutMessage{QueueID: "q", Message: &Message{ID: [16]byte{1}, Body: "latte"}},
		DeleteHistory{},
	} {
		rec, err := appendChange(make([]byte, recordHeader), c)
		if err != nil {
			f.Fatal(err)
		}
		sealRecord(rec, uint64(seq+1))
		journal = append(journal, rec...)
	}
	f.Add(journal)
	f.Add(journal[:len(journal)-3])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := readJournal(data)
		if err != nil {
			return
		}
		var again []byte
		for _, r := range recs {
			rec := append(make([]byte, recordHeader), r.ops...)
			sealRecord(rec, r.seq)
			again = append(again, rec...)
		}
		if !bytes.HasPrefix(data, again) {
			t.Fatalf("the records read are not the journal's start")
		}
	})
}
