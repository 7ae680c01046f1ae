package processor

import (
	"encoding/json"
	"fmt"
)

// quarantineEntry is one line of a quarantine object.
type quarantineEntry struct {
	Line   int     `json:"line"`
	Reason string  `json:"reason"`
	Record *string `json:"record,omitempty"`
}

// quarantineRecord writes a record that could not be processed, with its
// line and the reason, to the quarantine output. data is nil for records
// that were not read.
func (r *run) quarantineRecord(line int, reason string, data []byte) error {
	r.m.RecordsRead++
	r.m.RecordsQuarantined++
	if r.quarantine == nil {
		r.quarantine = r.p.newOutput(r.ctx, r.layout.Quarantine, contentTypeJSONL)
	}

	entry := quarantineEntry{Line: line, Reason: reason}
	if data != nil {
		s := string(data)
		entry.Record = &s
	}
	b, err := json.Marshal(entry)
	if err != nil {
		return fmt.Errorf("encode quarantine entry: %w", err)
	}
	if _, err := r.quarantine.buf.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("write %s: %w", r.layout.Quarantine, err)
	}
	return nil
}
