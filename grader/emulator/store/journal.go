package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// The journal is the write-ahead log in front of the state file: Apply
// appends its ops to it, one write per call, and returns; a checkpoint
// writes what the journal holds to the state file in one bbolt transaction
// and then empties it. A SendMessage then costs one small append instead
// of a bbolt commit, which copies and writes every page on the path from
// the bucket's root to the changed leaf, and a checkpoint commits hundreds
// of sends at once, on pages they share.
//
// A record is a header of 16 bytes, then its ops: the ops' length (4
// bytes), a CRC-32C (Castagnoli) of the rest of the header and the ops (4
// bytes), and the record's sequence number (8 bytes). The state file
// remembers the last record it holds (keyApplied), so that a record is
// written to it once even when the server is killed between a checkpoint
// and the emptying of the journal.
//
// A server killed in the middle of an append leaves a torn record at the
// end. It was never acknowledged, and is left out. A record that does not
// check out anywhere else means the file was damaged: Open refuses it.

// JournalName is the journal's file inside a state folder.
const JournalName = "journal"

const recordHeader = 16

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// sealRecord fills in the header of rec (a header's room, then ops) for
// sequence number seq.
func sealRecord(rec []byte, seq uint64) {
	binary.BigEndian.PutUint32(rec[0:4], uint32(len(rec)-recordHeader))
	binary.BigEndian.PutUint64(rec[8:16], seq)
	binary.BigEndian.PutUint32(rec[4:8], crc32.Checksum(rec[8:], castagnoli))
}

// record is one record read back: its sequence number and its ops.
type record struct {
	seq uint64
	ops []byte
}

// errTorn is the end of records that were all written whole.
var errTorn = errors.New("torn record")

// nextRecord reads the record at the start of buf and returns the rest.
// It returns errTorn when buf ends inside the record, or when the record
// fails its checksum and is the last, as a killed append leaves it.
func nextRecord(buf []byte) (record, []byte, error) {
	if len(buf) < recordHeader {
		return record{}, nil, errTorn
	}
	n := binary.BigEndian.Uint32(buf[0:4])
	if uint64(n) > uint64(len(buf)-recordHeader) {
		return record{}, nil, errTorn
	}
	end := recordHeader + int(n)
	if crc32.Checksum(buf[8:end], castagnoli) != binary.BigEndian.Uint32(buf[4:8]) {
		if end == len(buf) {
			return record{}, nil, errTorn
		}
		return record{}, nil, errors.New("a record fails its checksum")
	}
	return record{seq: binary.BigEndian.Uint64(buf[8:16]), ops: buf[recordHeader:end]}, buf[end:], nil
}

// readJournal returns the whole records of a journal, in order, checking
// that their ops decode and their sequence numbers rise. A torn record at
// the end is left out.
func readJournal(data []byte) ([]record, error) {
	var recs []record
	for offset := 0; len(data) > 0; {
		r, rest, err := nextRecord(data)
		if errors.Is(err, errTorn) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("journal at byte %d: %w", offset, err)
		}
		if len(recs) > 0 && r.seq <= recs[len(recs)-1].seq {
			return nil, fmt.Errorf("journal at byte %d: record %d after record %d", offset, r.seq, recs[len(recs)-1].seq)
		}
		for ops := r.ops; len(ops) > 0; {
			if _, ops, err = nextOp(ops); err != nil {
				return nil, fmt.Errorf("journal at byte %d: record %d: %w", offset, r.seq, err)
			}
		}
		recs = append(recs, r)
		offset += len(data) - len(rest)
		data = rest
	}
	return recs, nil
}
