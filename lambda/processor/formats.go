package processor

import (
	"errors"
	"fmt"
	"io"

	"github.com/securepipe/securepipe/lambda/records"
	"github.com/securepipe/securepipe/lambda/sanitize"
)

// jsonl processes a JSON Lines stream.
func (r *run) jsonl(in io.Reader) error {
	rd, err := records.NewLineReader(in, r.limit)
	if err != nil {
		return err
	}
	s := sanitize.NewJSON(r.ds, r.tok)

	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return r.readErr(err)
		}
		if rec.Oversize {
			if err := r.quarantineRecord(rec.Line, sanitize.ReasonOversize, nil); err != nil {
				return err
			}
			continue
		}

		out, reason := s.Apply(r.line[:0], rec.Data)
		if reason != "" {
			if err := r.quarantineRecord(rec.Line, reason, rec.Data); err != nil {
				return err
			}
			continue
		}
		r.line = append(out, '\n')
		if err := r.write(r.line); err != nil {
			return err
		}
	}
}

// csv processes a CSV stream whose first record is its header.
func (r *run) csv(in io.Reader) error {
	rd, err := records.NewCSVReader(in, r.limit)
	if err != nil {
		return err
	}
	var split records.CSVSplitter

	s, err := r.csvHeader(rd, &split)
	if err != nil || s == nil {
		return err
	}

	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return r.readErr(err)
		}
		if err := r.csvRecord(s, &split, rec); err != nil {
			return err
		}
	}
}

// csvHeader reads the header and writes the output header. It returns a
// nil sanitizer for an empty object.
func (r *run) csvHeader(rd *records.CSVReader, split *records.CSVSplitter) (*sanitize.CSV, error) {
	rec, err := rd.Next()
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	if err != nil {
		return nil, r.readErr(err)
	}
	if rec.Oversize {
		return nil, r.readErr(errHeaderOversize)
	}

	header, err := split.Split(rec.Data)
	if err != nil {
		return nil, r.readErr(fmt.Errorf("csv header: %w", err))
	}
	s, err := sanitize.NewCSV(r.ds, r.tok, header)
	if err != nil {
		return nil, r.readErr(err)
	}

	r.line = records.AppendCSVRecord(r.line[:0], s.Header())
	if _, err := r.processed.buf.Write(r.line); err != nil {
		return nil, fmt.Errorf("write %s: %w", r.layout.Processed, err)
	}
	return s, nil
}

func (r *run) csvRecord(s *sanitize.CSV, split *records.CSVSplitter, rec records.Record) error {
	if rec.Oversize {
		return r.quarantineRecord(rec.Line, sanitize.ReasonOversize, nil)
	}
	fields, err := split.Split(rec.Data)
	if err != nil {
		return r.quarantineRecord(rec.Line, err.Error(), rec.Data)
	}
	out, reason := s.Apply(fields)
	if reason != "" {
		return r.quarantineRecord(rec.Line, reason, rec.Data)
	}
	r.line = records.AppendCSVRecord(r.line[:0], out)
	return r.write(r.line)
}
