package processor

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/securepipe/securepipe/lambda/fieldpolicy"
	"github.com/securepipe/securepipe/lambda/keysource"
	"github.com/securepipe/securepipe/lambda/upload"
)

// S3API is the part of the S3 client that the processor uses.
type S3API interface {
	upload.S3API
	GetObject(ctx context.Context, in *s3.GetObjectInput,
		optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	HeadObject(ctx context.Context, in *s3.HeadObjectInput,
		optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
}

// KeySource provides the current pseudonymisation key and the secret
// version it was read from.
type KeySource interface {
	Key(ctx context.Context) (keysource.Key, error)
}

// Config is what the processor needs to know about its environment.
type Config struct {
	// OutputBucket receives every output.
	OutputBucket string
	// DataKeyARN is the KMS key that encrypts every output.
	DataKeyARN string
	// Policy chooses datasets and field actions.
	Policy *fieldpolicy.Policy
	// PartSize is the multipart part size; zero means
	// upload.DefaultPartSize.
	PartSize int
}

// Processor processes input objects. It is safe for concurrent use.
type Processor struct {
	cfg  Config
	s3   S3API
	keys KeySource
}

// Result is the outcome of processing one object.
type Result struct {
	// Manifest describes the outputs. When Skipped is set, only its input
	// and output keys are filled in.
	Manifest Manifest
	// Skipped reports that the object had been processed before.
	Skipped bool
}

// ErrNoDataset reports an object whose key matches no dataset.
var ErrNoDataset = errors.New("object key matches no dataset prefix in the field policy")

// ErrKeyTooLong reports an input key whose output keys would exceed S3's
// key length limit.
var ErrKeyTooLong = errors.New("object key is too long to derive output keys from")

// New returns a Processor.
func New(cfg Config, api S3API, keys KeySource) *Processor {
	if cfg.PartSize == 0 {
		cfg.PartSize = upload.DefaultPartSize
	}
	return &Processor{cfg: cfg, s3: api, keys: keys}
}

// Process processes one input object unless its manifest shows it was
// processed before.
func (p *Processor) Process(ctx context.Context, obj Object) (Result, error) {
	ds, ok := p.cfg.Policy.Match(obj.Key)
	if !ok {
		return Result{}, ErrNoDataset
	}
	layout := OutputKeys(obj, ds.Format)
	if !layout.fits() {
		return Result{}, ErrKeyTooLong
	}

	done, err := p.finished(ctx, layout.Manifest)
	if err != nil {
		return Result{}, err
	}
	if done {
		return Result{Skipped: true, Manifest: Manifest{
			InputBucket: obj.Bucket, InputKey: obj.Key, InputVersionID: obj.version(),
			Dataset: ds.Name, Format: string(ds.Format), ProcessedKey: layout.Processed,
		}}, nil
	}

	key, err := p.keys.Key(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("get pseudonymisation key: %w", err)
	}

	r := newRun(p, obj, ds, layout, key)
	m, err := r.execute(ctx)
	if err != nil {
		return Result{}, err
	}
	return Result{Manifest: m}, nil
}

// finished reports whether the manifest at key exists.
func (p *Processor) finished(ctx context.Context, key string) (bool, error) {
	_, err := p.s3.HeadObject(ctx, &s3.HeadObjectInput{
		Bucket: aws.String(p.cfg.OutputBucket), Key: aws.String(key),
	})
	if err == nil {
		return true, nil
	}

	var notFound *types.NotFound
	var apiErr smithy.APIError
	if errors.As(err, &notFound) || errors.As(err, &apiErr) && apiErr.ErrorCode() == "NotFound" {
		return false, nil
	}
	return false, fmt.Errorf("look for manifest %s: %w", key, err)
}

// target returns where an output with key and content type goes.
func (p *Processor) target(key, contentType string) upload.Target {
	return upload.Target{
		Bucket: p.cfg.OutputBucket, Key: key, KMSKeyARN: p.cfg.DataKeyARN, ContentType: contentType,
	}
}
