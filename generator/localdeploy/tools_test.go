package localdeploy

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMissingToolsSayHowToInstall(t *testing.T) {
	t.Setenv("PATH", t.TempDir())

	tests := []struct {
		name       string
		startsMoto bool
		want       []string
	}{
		{"own moto", true, []string{"moto_server: moto_server stands in for AWS on loopback. " +
			"Install it with: pip install 'moto[server]==5.2.1'",
			"aws: the AWS CLI runs the same `aws cloudformation deploy` a user runs. " +
				"Install it with: pip install 'awscli==1.45.11'"}},
		{"given endpoint", false, []string{"aws: the AWS CLI runs the same `aws cloudformation deploy` " +
			"a user runs. Install it with: pip install 'awscli==1.45.11'"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, MissingTools(tt.startsMoto))
		})
	}
}

func TestRunWithoutToolsFailsClearly(t *testing.T) {
	t.Setenv("PATH", t.TempDir())

	var out bytes.Buffer
	err := Run(context.Background(), Options{TemplatePath: fixture, Env: "dev"}, &out, &out)

	require.ErrorIs(t, err, ErrToolMissing)
	assert.ErrorContains(t, err, "pip install 'awscli==1.45.11'")
}

func TestRunRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"no template", Options{Env: "dev"}, "no template path"},
		{"bad environment", Options{TemplatePath: fixture, Env: "Dev Env"}, "short lowercase name"},
		{"missing template", Options{TemplatePath: "testdata/none.json", Env: "dev"}, "read template"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := Run(context.Background(), tt.opts, &out, &out)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}
