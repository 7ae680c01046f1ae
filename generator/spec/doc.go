// Package spec reads the pipeline specification (templates/pipeline.yaml),
// rejects anything unknown, mistyped or impossible with the file and line to
// fix, and resolves each environment's settings against the project defaults.
package spec
