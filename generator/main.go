// Command generator turns the pipeline spec into one CloudFormation template
// per environment, refusing to write any template that breaks a rule.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
