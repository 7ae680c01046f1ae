package stack

import (
	"testing"

	"github.com/securepipe/securepipe/generator/spec"
)

// BenchmarkGenerateAll loads the shipped spec and builds and renders every
// environment of it: what `go run ./generator -all` does short of writing.
func BenchmarkGenerateAll(b *testing.B) {
	b.ReportAllocs()
	var bytes int
	for b.Loop() {
		s, err := spec.Load("../../templates/pipeline.yaml")
		if err != nil {
			b.Fatal(err)
		}
		bytes = 0
		for _, env := range s.Envs {
			doc, err := Build(s, env)
			if err != nil {
				b.Fatal(err)
			}
			out, err := doc.Render()
			if err != nil {
				b.Fatal(err)
			}
			bytes += len(out)
		}
	}
	b.ReportMetric(float64(bytes), "template-bytes/op")
}
