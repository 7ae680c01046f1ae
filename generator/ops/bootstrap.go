package ops

import (
	"context"
	"fmt"
	"io"
)

// Bootstrap deploys the environment's bootstrap stack: the artifact bucket
// packaged code is uploaded to, and its key.
func Bootstrap(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	s, err := open(ctx, o, stdout, stderr)
	if err != nil {
		return err
	}
	defer s.close()

	g := s.env.Bootstrap
	if g.Size > maxInlineTemplate {
		return fmt.Errorf("%s is %d bytes, over the %d CloudFormation takes inline, and the bootstrap stack "+
			"has no bucket to send it through yet", g.Path, g.Size, maxInlineTemplate)
	}
	s.stage("deploying %s as stack %s", g.Path, g.Deploy.StackName)
	file, err := s.templateFile(g)
	if err != nil {
		return err
	}
	if err := s.deploying(ctx, g); err != nil {
		return err
	}
	if _, err := s.aws.run(ctx, deployArgs(g, file, nil, upload{})...); err != nil {
		return s.deployFailed(ctx, g, err)
	}
	if err := s.protect(ctx, g); err != nil {
		return err
	}
	if _, err := s.deployed(ctx, g); err != nil {
		return err
	}
	fmt.Fprintf(s.w, "next: make package ENV=%s\n", s.env.Name)
	return nil
}

// artifactStore returns where packages go: the bootstrap stack's bucket
// and key, refusing when the stack is not there.
func (s *session) artifactStore(ctx context.Context) (upload, error) {
	name := s.env.Bootstrap.Deploy.StackName
	st, err := s.describeStack(ctx, name)
	if err != nil {
		return upload{}, err
	}
	if st == nil {
		return upload{}, fmt.Errorf("no bootstrap stack %s in account %s: run make bootstrap ENV=%s first",
			name, s.account, s.env.Name)
	}
	if err := s.stuck(st, s.env.Bootstrap, s.destroyAdvice(s.env.Bootstrap)); err != nil {
		return upload{}, err
	}
	outs, err := s.outputs(ctx, st, s.env.Bootstrap)
	if err != nil {
		return upload{}, err
	}
	u := upload{Bucket: outs[outputArtifactBucket], KeyARN: outs[outputArtifactKey]}
	if u.Bucket == "" || u.KeyARN == "" {
		return upload{}, fmt.Errorf("stack %s (%s) has no %s and %s outputs: run make bootstrap ENV=%s again",
			name, st.StackStatus, outputArtifactBucket, outputArtifactKey, s.env.Name)
	}
	return u, nil
}
