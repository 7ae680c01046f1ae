package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goformation writes an intrinsic function as the base64 of a one-key JSON
// object, such as `{ "Ref": "X" }`, and replaces it while rendering. Such a
// string left in a template reaches CloudFormation as a literal name or
// value. Encoded, `{ "` starts with eyAi and `{"` with eyJ.
var encodedObject = regexp.MustCompile(`(eyAi|eyJ)[A-Za-z0-9+/]*={0,2}`)

// allowedEncoded lists strings that legitimately hold eyAi or eyJ: none yet.
var allowedEncoded = map[string]bool{}

// placeholders returns, by JSON path, every string of doc (keys too) that
// holds an encoded intrinsic function, or eyAi or eyJ at all unless
// allowedEncoded lists it.
func placeholders(doc any) map[string]string {
	found := map[string]string{}
	var walk func(v any, path string)
	check := func(s, path string) {
		if isIntrinsic(s) || (encodedObject.MatchString(s) && !allowedEncoded[s]) {
			found[path] = s
		}
	}
	walk = func(v any, path string) {
		switch v := v.(type) {
		case map[string]any:
			for k, c := range v {
				check(k, path+"{key}")
				walk(c, path+"."+k)
			}
		case []any:
			for i, c := range v {
				walk(c, path+"["+strconv.Itoa(i)+"]")
			}
		case string:
			check(v, path)
		}
	}
	walk(doc, "$")
	return found
}

// isIntrinsic reports whether s, or a base64 run inside it, decodes to a
// one-key object naming an intrinsic function.
func isIntrinsic(s string) bool {
	for _, run := range encodedObject.FindAllString(s, -1) {
		data, err := base64.StdEncoding.DecodeString(run)
		if err != nil {
			data, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(run, "="))
		}
		if err != nil {
			continue
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(data, &obj) != nil || len(obj) != 1 {
			continue
		}
		for k := range obj {
			if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
				return true
			}
		}
	}
	return false
}

func TestPlaceholderDetector(t *testing.T) {
	tests := []struct {
		name  string
		value string
		leak  bool
	}{
		{"Ref", cloudformation.Ref("DataKey"), true},
		{"GetAtt", cloudformation.GetAtt("DataKey", "Arn"), true},
		{"Sub", cloudformation.Sub("pipeline-${AWS::AccountId}-dev"), true},
		{"Join", cloudformation.Join("-", []string{"a", cloudformation.Ref("AWS::Region")}), true},
		{"inside other text", "arn:aws:s3:::" + cloudformation.Ref("InputBucket") + "/*", true},
		{"compact object", base64.StdEncoding.EncodeToString([]byte(`{"Fn::ImportValue":"x"}`)), true},
		{"plain name", "pipeline-input-dev", false},
		{"rendered Sub", "arn:${AWS::Partition}:s3:::pipeline-input-${AWS::AccountId}-dev", false},
		{"digest", "54ee33e0c1a8fb453df28f92366c77d0800537c32bec1ecbd3f752e4bdb88b05", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found := placeholders(map[string]any{"Value": tt.value})
			if tt.leak {
				assert.Equal(t, map[string]string{"$.Value": tt.value}, found)
			} else {
				assert.Empty(t, found)
			}
		})
	}
}

// TestNoPlaceholderLeaks renders every environment of the project spec, an
// ephemeral copy, and reads the committed out/, and finds no encoded
// intrinsic function in any of them.
func TestNoPlaceholderLeaks(t *testing.T) {
	specPath, s := projectSpec(t)
	dir := t.TempDir()
	generateAll(t, specPath, dir)
	r := runCommand(t, "-env", s.Envs[0].Name, "-suffix", "review-42", "-spec", specPath, "-out", dir)
	require.Equal(t, exitOK, r.code, r.stderr)

	generated, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	require.Len(t, generated, 2*(len(s.Envs)+1), "a main and a bootstrap template each")
	committed, err := filepath.Glob(filepath.Join(repoRoot(t), "out", "*.json"))
	require.NoError(t, err)
	files := map[string][]string{"generated": generated, "out": committed}

	for from, paths := range files {
		for _, path := range paths {
			t.Run(from+"/"+filepath.Base(path), func(t *testing.T) {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				var doc any
				require.NoError(t, json.Unmarshal(data, &doc))
				assert.Empty(t, placeholders(doc), "encoded intrinsic functions left in the template")
			})
		}
	}
}
