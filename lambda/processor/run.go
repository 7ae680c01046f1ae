package processor

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/securepipe/securepipe/lambda/fieldpolicy"
	"github.com/securepipe/securepipe/lambda/keysource"
	"github.com/securepipe/securepipe/lambda/pseudonym"
	"github.com/securepipe/securepipe/lambda/upload"
)

// outputBufferSize batches record writes before they reach a part buffer.
const outputBufferSize = 64 << 10

// Content types of the outputs.
const (
	contentTypeJSONL = "application/x-ndjson"
	contentTypeCSV   = "text/csv"
	contentTypeJSON  = "application/json"
)

// run is the processing of one input object.
type run struct {
	p      *Processor
	ctx    context.Context
	obj    Object
	ds     *fieldpolicy.Dataset
	layout Layout
	tok    *pseudonym.Tokenizer
	limit  int
	m      Manifest

	processed  *output
	quarantine *output // created on the first quarantined record
	line       []byte
}

// output is one output object being streamed.
type output struct {
	w   *upload.Writer
	buf *bufio.Writer
}

func (p *Processor) newOutput(ctx context.Context, key, contentType string) *output {
	w := upload.New(ctx, p.s3, p.target(key, contentType), p.cfg.PartSize)
	return &output{w: w, buf: bufio.NewWriterSize(w, outputBufferSize)}
}

func (o *output) close() error {
	if err := o.buf.Flush(); err != nil {
		return err
	}
	return o.w.Close()
}

func newRun(p *Processor, obj Object, ds *fieldpolicy.Dataset, layout Layout, key keysource.Key) *run {
	return &run{
		p: p, obj: obj, ds: ds, layout: layout, tok: pseudonym.New(key.Key), limit: p.cfg.Policy.MaxRecordBytes,
		m: Manifest{
			InputBucket: obj.Bucket, InputKey: obj.Key, InputVersionID: obj.version(),
			Dataset: ds.Name, Format: string(ds.Format), KeyVersion: key.Version(),
			SecretVersionID: key.SecretVersionID, ProcessedKey: layout.Processed,
		},
	}
}

// execute streams the object through the policy into its outputs and
// writes the manifest last. On failure every started upload is aborted.
func (r *run) execute(ctx context.Context) (Manifest, error) {
	r.ctx = ctx
	in, err := openInput(ctx, r.p.s3, r.obj)
	if err != nil {
		return Manifest{}, err
	}
	defer in.close()
	r.m.Compression = in.compression()

	r.processed = r.p.newOutput(ctx, r.layout.Processed, contentType(r.ds.Format))
	if err := r.records(in.records); err != nil {
		r.abort()
		return Manifest{}, err
	}
	if r.m.InputSHA256, r.m.InputBytes, err = in.finish(); err != nil {
		r.abort()
		return Manifest{}, fmt.Errorf("read %s: %w", r.obj.Key, err)
	}

	if err := r.complete(); err != nil {
		return Manifest{}, err
	}
	return r.m, nil
}

func (r *run) records(in io.Reader) error {
	if r.ds.Format == fieldpolicy.FormatCSV {
		return r.csv(in)
	}
	return r.jsonl(in)
}

// complete finishes the processed and quarantine outputs, then the
// manifest.
func (r *run) complete() error {
	if err := r.processed.close(); err != nil {
		r.abort()
		return fmt.Errorf("write %s: %w", r.layout.Processed, err)
	}
	if r.quarantine != nil {
		if err := r.quarantine.close(); err != nil {
			r.abort()
			return fmt.Errorf("write %s: %w", r.layout.Quarantine, err)
		}
		r.m.QuarantineKey = r.layout.Quarantine
	}

	manifest, err := r.m.encode()
	if err != nil {
		return err
	}
	w := upload.New(r.ctx, r.p.s3, r.p.target(r.layout.Manifest, contentTypeJSON), r.p.cfg.PartSize)
	if _, err := w.Write(manifest); err != nil {
		return fmt.Errorf("write %s: %w", r.layout.Manifest, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("write %s: %w", r.layout.Manifest, err)
	}
	return nil
}

// abort discards the outputs not yet completed.
func (r *run) abort() {
	for _, o := range []*output{r.processed, r.quarantine} {
		if o != nil {
			_ = o.w.Abort()
		}
	}
}

// write appends one processed record.
func (r *run) write(line []byte) error {
	r.m.RecordsRead++
	r.m.RecordsWritten++
	if _, err := r.processed.buf.Write(line); err != nil {
		return fmt.Errorf("write %s: %w", r.layout.Processed, err)
	}
	return nil
}

func contentType(f fieldpolicy.Format) string {
	if f == fieldpolicy.FormatCSV {
		return contentTypeCSV
	}
	return contentTypeJSONL
}

// readErr wraps a failure to read the object's records.
func (r *run) readErr(err error) error {
	return fmt.Errorf("read %s: %w", r.obj.Key, err)
}

var errHeaderOversize = errors.New("csv header exceeds the record size limit")
