// Command package zips the processor's bootstrap binary reproducibly: the
// same binary always gives the same zip, byte for byte. The single entry
// is named bootstrap, mode 0755, with a fixed modification time. The zip
// is named after its SHA-256, and a small JSON record of it is written
// beside it for the deploy step:
//
//	go run ./lambda/cmd/package -bootstrap bin/processor/bootstrap -out dist
//
// writes dist/processor-<sha256>.zip and dist/processor.json.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

// options are the command's flags.
type options struct {
	bootstrap string
	out       string
	name      string
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("package", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.bootstrap, "bootstrap", "bin/processor/bootstrap", "path of the bootstrap binary")
	fs.StringVar(&o.out, "out", "dist", "directory to write the zip and its record to")
	fs.StringVar(&o.name, "name", "processor", "name of the function, used in the file names")
	if err := fs.Parse(args); err != nil {
		return 2
	}

	rec, err := Package(o.bootstrap, o.out, o.name)
	if err != nil {
		fmt.Fprintf(stderr, "package: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, rec.Artifact)
	return 0
}
