package ops

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
)

// Package uploads the packaged functions to the artifact bucket, each
// under its SHA-256 name and encrypted under the artifact key, and records
// in dist/<suffix>.params.json the parameters a deploy takes from them.
// The functions are built beforehand (make lambda; make rotator).
func Package(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	s, err := open(ctx, o, stdout, stderr)
	if err != nil {
		return err
	}
	defer s.close()

	store, err := s.artifactStore(ctx)
	if err != nil {
		return err
	}
	pkgs, err := s.packages()
	if err != nil {
		return err
	}
	s.stage("uploading %d package(s) to s3://%s", len(pkgs), store.Bucket)
	rec := deployRecord{
		Environment: s.env.Name, StackName: s.env.Main.Deploy.StackName,
		ArtifactBucket: store.Bucket, ArtifactKeyARN: store.KeyARN,
		Parameters: map[string]string{"ArtifactBucket": store.Bucket},
		Packages:   pkgs,
	}
	for _, p := range pkgs {
		if err := s.uploadPackage(ctx, store, p); err != nil {
			return err
		}
		rec.Parameters[p.Parameter] = p.S3Key
	}
	path := recordPath(s.o.Dist, s.env.Suffix)
	if err := writeRecord(path, rec); err != nil {
		return err
	}
	fmt.Fprintf(s.w, "   recorded the deploy's parameters in %s\n", path)
	fmt.Fprintf(s.w, "next: make plan ENV=%s, then make deploy ENV=%s\n", s.env.Name, s.env.Name)
	return nil
}

// packages reads the build's records: the processor's is required, the
// rotator's is taken when it exists.
func (s *session) packages() ([]*functionPackage, error) {
	var out []*functionPackage
	for _, pp := range packageParameters {
		p, err := readPackage(s.o.Dist, pp.name, pp.parameter)
		if err != nil {
			return nil, err
		}
		if p == nil && pp.name == "processor" {
			return nil, fmt.Errorf("no packaged processor: %s is missing; build it with make lambda "+
				"(make package runs it first)", filepath.Join(s.o.Dist, "processor.json"))
		}
		if p == nil {
			fmt.Fprintf(s.w, "   no %s: the %s is not packaged, and make deploy will refuse until it is (%s)\n",
				filepath.Join(s.o.Dist, pp.name+".json"), pp.name, pp.build)
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// uploadPackage puts one zip in the bucket unless it is there already, and
// checks that S3 holds it encrypted under the artifact key.
func (s *session) uploadPackage(ctx context.Context, store upload, p *functionPackage) error {
	head, err := s.headObject(ctx, store.Bucket, p.S3Key)
	if err != nil {
		return err
	}
	if head == nil {
		if _, err := s.aws.run(ctx, "s3", "cp", p.Artifact, "s3://"+store.Bucket+"/"+p.S3Key,
			"--sse", "aws:kms", "--sse-kms-key-id", store.KeyARN, "--only-show-errors"); err != nil {
			return fmt.Errorf("upload %s: %w", p.Artifact, err)
		}
		if head, err = s.headObject(ctx, store.Bucket, p.S3Key); err != nil {
			return err
		}
		if head == nil {
			return fmt.Errorf("upload %s: s3://%s/%s is not there after the upload", p.Artifact, store.Bucket, p.S3Key)
		}
	} else {
		fmt.Fprintf(s.w, "   s3://%s/%s is there already\n", store.Bucket, p.S3Key)
	}
	if head.ServerSideEncryption != "aws:kms" || head.SSEKMSKeyID != store.KeyARN {
		return fmt.Errorf("s3://%s/%s is encrypted with %q under %q, not aws:kms under the artifact key %s",
			store.Bucket, p.S3Key, head.ServerSideEncryption, head.SSEKMSKeyID, store.KeyARN)
	}
	fmt.Fprintf(s.w, "   %s: s3://%s/%s, SSE-KMS under %s\n", p.Name, store.Bucket, p.S3Key, store.KeyARN)
	return nil
}

// objectHead is what HeadObject says of an object's encryption.
type objectHead struct {
	ServerSideEncryption string
	SSEKMSKeyID          string `json:"SSEKMSKeyId"`
}

func (s *session) headObject(ctx context.Context, bucket, key string) (*objectHead, error) {
	var h objectHead
	err := s.aws.query(ctx, &h, "s3api", "head-object", "--bucket", bucket, "--key", key)
	if says(err, "Not Found", "(404)", "NoSuchKey") {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &h, nil
}
