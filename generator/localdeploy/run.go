package localdeploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/securepipe/securepipe/generator/moto"
)

const cleanupTimeout = time.Minute

// Run deploys the template to moto as a user deploys it to AWS, checks that
// the resources carry the controls the template asks for, then deletes the
// stack. Progress and one line per check go to stdout; with Verbose, debug
// logs go to stderr. The error lists every failed check.
func Run(ctx context.Context, opts Options, stdout, stderr io.Writer) error {
	o, err := opts.withDefaults(stderr)
	if err != nil {
		return err
	}

	r := &runner{o: o, w: stdout, started: time.Now()}
	return r.run(ctx)
}

// runner carries one Run through its stages.
type runner struct {
	o       Options
	w       io.Writer
	started time.Time
	dir     string
	awsBin  string
	server  *moto.Server
	c       *clients
	pre     prerequisites
}

func (r *runner) run(ctx context.Context) error {
	tmpl, secret, key, err := r.prepare()
	if err != nil {
		return err
	}

	endpoint, err := r.serve(ctx, secret.Account)
	defer r.stop()
	if err != nil {
		return err
	}
	r.c = newClients(endpoint)

	r.stage("putting in place what the stack expects to exist")
	if r.pre, err = putPrerequisites(ctx, r.w, r.c, r.o, secret, r.dir); err != nil {
		return errors.Join(err, r.cleanUp(ctx, stack{}))
	}

	s, deployErr := r.deploy(ctx, tmpl, key, endpoint)
	if deployErr != nil {
		// A stack that half exists is still deleted from a server that
		// outlives this run.
		if r.server == nil {
			s, _ = describeStack(ctx, r.c, r.o.StackName)
		}
		return errors.Join(deployErr, r.cleanUp(ctx, s))
	}

	r.stage("checking the stack against the template")
	results := runChecks(ctx, r.w, &checker{c: r.c, tmpl: tmpl, stack: s,
		keys: map[string]string{}, res: r.resolver(tmpl, s, key)})
	if ctx.Err() != nil {
		return errors.Join(fmt.Errorf("check stack %s: interrupted: %w", r.o.StackName, ctx.Err()),
			r.cleanUp(ctx, s))
	}

	return errors.Join(r.cleanUp(ctx, s), r.report(results))
}

// prepare reads the template, finds the secret and key it expects, the AWS
// CLI and a work directory.
func (r *runner) prepare() (*Template, SecretARN, KeyARN, error) {
	tmpl, err := LoadTemplate(r.o.TemplatePath)
	if err != nil {
		return nil, SecretARN{}, KeyARN{}, err
	}
	secret, key, err := externalResources(r.o, tmpl)
	if err != nil {
		return nil, SecretARN{}, KeyARN{}, err
	}
	if r.awsBin, err = lookTool(awsTool); err != nil {
		return nil, SecretARN{}, KeyARN{}, err
	}
	if r.dir, err = os.MkdirTemp("", "localdeploy-"+r.o.Env+"-"); err != nil {
		return nil, SecretARN{}, KeyARN{}, fmt.Errorf("make work directory: %w", err)
	}

	return tmpl, secret, key, nil
}

// serve starts moto_server, or checks the endpoint the options name.
func (r *runner) serve(ctx context.Context, account string) (string, error) {
	if r.o.Endpoint != "" {
		r.stage("using the moto server at " + r.o.Endpoint)
		return r.o.Endpoint, checkAccount(ctx, newClients(r.o.Endpoint), account)
	}

	bin, err := lookTool(motoServerTool)
	if err != nil {
		return "", err
	}
	r.stage("starting moto_server on 127.0.0.1")
	env := moto.ServerEnv(r.w, os.Environ(), account)
	if r.server, err = moto.Start(ctx, bin, env, r.dir, r.o.logger); err != nil {
		return "", err
	}

	fmt.Fprintf(r.w, "   listening at %s (pid %d), logging to %s\n",
		r.server.Endpoint, r.server.Pid(), r.server.LogPath)
	return r.server.Endpoint, nil
}

// checkAccount makes sure a server the harness did not start answers as the
// account the template's ARNs name.
func checkAccount(ctx context.Context, c *clients, want string) error {
	out, err := c.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return fmt.Errorf("reach the moto server: %w", err)
	}
	if got := aws.ToString(out.Account); got != want {
		return fmt.Errorf("check the moto server's account: it answers as %s, the template's "+
			"ARNs name %s; start it with MOTO_ACCOUNT_ID=%s, or leave the endpoint empty "+
			"to let the harness start one", got, want, want)
	}
	return nil
}

// deploy writes moto's copy of the template and runs the CLI on it.
func (r *runner) deploy(ctx context.Context, tmpl *Template, key KeyARN, endpoint string) (stack, error) {
	r.stage("deploying " + r.o.TemplatePath + " as stack " + r.o.StackName)
	cp := tmpl.Clone()
	rewriteForMoto(r.w, cp, key.ARN, r.pre.KeyARN)
	data, err := cp.Marshal()
	if err != nil {
		return stack{}, err
	}
	path := filepath.Join(r.dir, filepath.Base(r.o.TemplatePath))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return stack{}, fmt.Errorf("write moto's copy of the template: %w", err)
	}
	fmt.Fprintf(r.w, "   moto deploys a copy, %s; %s is unchanged\n", path, r.o.TemplatePath)

	d := deployment{TemplateFile: path, StackName: r.o.StackName, Endpoint: endpoint,
		ArtifactBucket: r.pre.Bucket, ArtifactKey: r.pre.Key}
	if tmpl.HasParameter(rotatorArtifactKeyParam) {
		// moto never runs either function: one package serves both.
		d.RotatorArtifactKey = r.pre.Key
		fmt.Fprintf(r.w, "   the secret rotator's code: the same package, s3://%s/%s\n", r.pre.Bucket, r.pre.Key)
	}
	env, err := moto.CLIEnv(os.Environ(), r.dir, endpoint)
	if err != nil {
		return stack{}, err
	}
	if needsUpload(tmpl.Size, len(data)) {
		d.UploadBucket = r.pre.Bucket
		fmt.Fprintf(r.w, "   the template is over %d bytes: it goes through s3://%s\n",
			maxInlineTemplate, r.pre.Bucket)
		if env, err = moto.TemplateURLEnv(r.w, env, endpoint); err != nil {
			return stack{}, err
		}
	}

	printCommand(r.w, d)
	began := time.Now()
	if err := runDeploy(ctx, r.awsBin, d, env, r.o.logger); err != nil {
		if ctx.Err() != nil {
			return stack{}, fmt.Errorf("deploy stack %s: interrupted: %w", r.o.StackName, ctx.Err())
		}
		return stack{}, r.explainDeployFailure(err)
	}
	s, err := waitDeployed(ctx, r.c, r.o.StackName)
	if err != nil {
		return stack{}, err
	}

	fmt.Fprintf(r.w, "   %s in %s\n", s.Status, time.Since(began).Round(100*time.Millisecond))
	return s, nil
}

// explainDeployFailure adds what to do, and moto's last words when this run
// started it.
func (r *runner) explainDeployFailure(err error) error {
	err = fmt.Errorf("%w\nThe stack did not deploy to moto; the output above says why. "+
		"If the template deploys to AWS but not here, moto is missing something: "+
		"rerun with -v for moto's own log and add a workaround to "+
		"generator/localdeploy/workarounds.go", err)
	if r.server != nil {
		err = fmt.Errorf("%w\nmoto_server's last output:\n%s", err, r.server.Tail())
	}
	return err
}

func (r *runner) resolver(tmpl *Template, s stack, key KeyARN) resolver {
	types := map[string]string{}
	for _, res := range tmpl.Resources() {
		types[res.LogicalID] = res.Type
	}

	return resolver{
		account:  s.accountFromID(),
		stack:    r.o.StackName,
		types:    types,
		physical: s.physicalIDs(),
		params:   s.Parameters,
		literals: map[string]string{key.ARN: r.pre.KeyARN},
	}
}

// cleanUp deletes the stack unless asked to keep it, and what the harness
// made for it on a server it did not start. It runs even when ctx is done.
func (r *runner) cleanUp(ctx context.Context, s stack) error {
	if r.o.KeepMoto || r.c == nil {
		return nil
	}
	if ctx.Err() != nil && r.server != nil {
		return nil // interrupted: the server and all it holds are about to go
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()

	var errs []error
	if s.ID != "" {
		r.stage("deleting stack " + r.o.StackName)
		if err := tearDown(ctx, r.w, r.c, s); err != nil {
			errs = append(errs, err)
		}
	}
	if r.server == nil {
		errs = append(errs, removePrerequisites(ctx, r.c, r.pre))
	}
	return errors.Join(errs...)
}

// stop ends the server and the work directory unless asked to keep them.
func (r *runner) stop() {
	if r.o.KeepMoto && r.server != nil {
		fmt.Fprintf(r.w, "\nmoto_server keeps running at %s with the stack deployed.\n"+
			"  Look:  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing "+
			"aws --endpoint-url %s --region %s cloudformation describe-stack-resources "+
			"--stack-name %s\n  Stop:  kill %d\n  Files: %s\n",
			r.server.Endpoint, r.server.Endpoint, region, r.o.StackName, r.server.Pid(), r.dir)
		r.server.Detach()
		return
	}
	if r.server != nil {
		r.server.Stop()
	}
	if r.dir != "" {
		_ = os.RemoveAll(r.dir)
	}
}

// report prints the closing summary and returns an error naming every failure.
func (r *runner) report(results []result) error {
	ok, failed, skipped, failures := summary(results)
	took := time.Since(r.started).Round(100 * time.Millisecond)
	fmt.Fprintf(r.w, "\n%s: %d checks ok, %d failed, %d skipped because moto cannot answer them (%s)\n",
		r.o.Env, ok, failed, skipped, took)
	if failed == 0 {
		return nil
	}

	return fmt.Errorf("check stack %s: %d check(s) failed:\n%s\n"+
		"Each names what the template asks for and what the deployed stack holds. "+
		"Fix the generator; if moto is the one that is wrong, add a workaround to "+
		"generator/localdeploy/workarounds.go", r.o.StackName, failed, joinLines(failures))
}

func (r *runner) stage(what string) {
	fmt.Fprintf(r.w, "== %s\n", what)
}
