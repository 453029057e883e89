// Command copyright writes a Debian machine-readable copyright file (DEP-5)
// for a package of Go binaries: the project's own paragraphs from a head
// file, then one paragraph for the Go standard library and for every module
// compiled into the binaries, read from their build information, with the
// licence found in the module's own licence files. scripts/dist.sh runs it
// at build time, so the file cannot drift from what the binaries contain.
//
//	go run ./scripts/copyright --head HEADER [--files PATTERN=LICENCE]... [--paragraphs FILE]... BINARY... >copyright
//
// HEADER holds the header paragraph; each --files adds a paragraph for
// files of the source (the project's own, a bundled font) whose licence,
// and the holders it names, are in the file LICENCE. Each --paragraphs
// adds DEP-5 paragraphs written by hand (embedded data with its own
// sources and licences), checked and copied as they are.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "copyright:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("copyright", flag.ContinueOnError)
	head := fs.String("head", "", "the DEP-5 header paragraph")
	var files []string
	fs.Func("files", "PATTERN=LICENCE: a paragraph for PATTERN with the licence in file LICENCE (repeatable)", func(v string) error {
		if pattern, file, ok := strings.Cut(v, "="); !ok || pattern == "" || file == "" {
			return fmt.Errorf("want PATTERN=FILE, got %q", v)
		}
		files = append(files, v)
		return nil
	})
	var paragraphs []string
	fs.Func("paragraphs", "FILE: DEP-5 paragraphs to copy as they are (repeatable)", func(v string) error {
		paragraphs = append(paragraphs, v)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *head == "" || fs.NArg() == 0 {
		return errors.New("usage: copyright --head FILE BINARY...")
	}
	headText, err := os.ReadFile(*head)
	if err != nil {
		return err
	}
	mods, goVersion, err := readBinaries(fs.Args())
	if err != nil {
		return err
	}
	if err := locate(ctx, mods); err != nil {
		return err
	}
	goroot, err := goEnv(ctx, "GOROOT")
	if err != nil {
		return err
	}
	std := &module{Path: "std", Version: goVersion, Dir: goroot, binaries: allBinaries(mods, fs.Args())}
	var out bytes.Buffer
	out.Write(bytes.TrimRight(headText, "\n"))
	out.WriteString("\n")
	for _, f := range files {
		pattern, file, _ := strings.Cut(f, "=")
		lic, err := readLicenceFile(file)
		if err != nil {
			return fmt.Errorf("--files %s: %w", f, err)
		}
		fmt.Fprintf(&out, "\nFiles: %s\nCopyright: %s\nLicense: %s\n", pattern, strings.Join(lic.copyrights("the cxtv authors"), "\n "), lic.id)
		writeText(&out, lic)
	}
	for _, file := range paragraphs {
		text, err := readParagraphs(file)
		if err != nil {
			return fmt.Errorf("--paragraphs: %w", err)
		}
		out.WriteString("\n")
		out.WriteString(text)
	}
	for _, m := range append([]*module{std}, mods...) {
		lic, err := readLicence(m.Dir)
		if err != nil {
			return fmt.Errorf("module %s %s: %w", m.Path, m.Version, err)
		}
		out.WriteString("\n")
		writeParagraph(&out, m, lic)
	}
	_, err = stdout.Write(out.Bytes())
	return err
}

// goEnv asks the go command for one setting.
func goEnv(ctx context.Context, key string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", key).Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", key, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// locate fills in each module's directory in the module cache, downloading
// it if this machine has not yet.
func locate(ctx context.Context, mods []*module) error {
	if len(mods) == 0 {
		return nil
	}
	args := []string{"mod", "download", "-json"}
	for _, m := range mods {
		args = append(args, m.Path+"@"+m.Version)
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go mod download: %w: %s", err, stderr.String())
	}
	dirs := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var d struct{ Path, Version, Dir, Error string }
		if err := dec.Decode(&d); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fmt.Errorf("go mod download: %w", err)
		}
		if d.Error != "" {
			return fmt.Errorf("go mod download %s@%s: %s", d.Path, d.Version, d.Error)
		}
		dirs[d.Path+"@"+d.Version] = d.Dir
	}
	for _, m := range mods {
		if m.Dir = dirs[m.Path+"@"+m.Version]; m.Dir == "" {
			return fmt.Errorf("go mod download: no directory for %s@%s", m.Path, m.Version)
		}
	}
	return nil
}

func allBinaries(mods []*module, bins []string) []string {
	names := make([]string, 0, len(bins))
	for _, b := range bins {
		names = append(names, filepath.Base(b))
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// writeParagraph writes one Files paragraph in DEP-5 syntax.
func writeParagraph(w *bytes.Buffer, m *module, lic licence) {
	if m.Path == "std" {
		fmt.Fprintf(w, "Files: go/*\nCopyright: %s\nLicense: %s\n", strings.Join(lic.copyrights("The Go Authors"), "\n "), lic.id)
		writeText(w, lic)
		fmt.Fprintf(w, "Comment: the Go standard library and runtime, %s, compiled into %s.\n", m.Version, strings.Join(m.binaries, ", "))
		return
	}
	fmt.Fprintf(w, "Files: vendor/%s/*\nCopyright: %s\nLicense: %s\n", m.Path, strings.Join(lic.copyrights("the authors of "+m.Path), "\n "), lic.id)
	writeText(w, lic)
	fmt.Fprintf(w, "Comment: Go module %s %s, compiled into %s.\n", m.Path, m.Version, strings.Join(m.binaries, ", "))
}

// commonLicences are the licences Debian ships in /usr/share/common-licenses,
// which a copyright file names instead of quoting (lintian asks for that).
var commonLicences = map[string]bool{"Apache-2.0": true, "MPL-2.0": true, "GPL-2.0": true, "GPL-3.0": true, "LGPL-2.1": true, "LGPL-3.0": true, "CC0-1.0": true}

// writeText writes the licence text as a DEP-5 continuation: one space
// before each line, " ." for an empty one.
func writeText(w *bytes.Buffer, lic licence) {
	for _, line := range strings.Split(strings.TrimSpace(lic.text), "\n") {
		line = strings.TrimRight(strings.ReplaceAll(line, "\t", "    "), " \r")
		if line == "" {
			line = "."
		}
		fmt.Fprintf(w, " %s\n", line)
	}
}

// copyrightLine finds the holders' lines of a licence text: "Copyright"
// with "(c)", "©" or a year right after it, or "(c)"/"©" with a year.
var copyrightLine = regexp.MustCompile(`(?i)^\s*(copyright\s*(\(c\)|©|(19|20)\d\d)|(\(c\)|©)\s*(19|20)\d\d)`)

// dep5Line is a field ("Name: value") or a continuation (" text", " ." for
// an empty line).
var dep5Line = regexp.MustCompile(`^( .*\S|[A-Z][A-Za-z-]+: \S.*)$`)

// readParagraphs reads hand-written DEP-5 paragraphs: lines starting with
// "#" are left out, every other line is a field or a continuation, and
// each paragraph is a Files paragraph with its Copyright and License or a
// stand-alone License paragraph with its text. Each License a Files
// paragraph names without its text needs such a stand-alone paragraph. An
// error names the file and line.
func readParagraphs(file string) (string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	type paragraph struct {
		lines []string
		at    []int // the line number of each
	}
	var paras []paragraph
	open := false
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
		case line == "":
			open = false
		case !dep5Line.MatchString(line):
			return "", fmt.Errorf("%s:%d: neither a field nor a continuation: %q", file, i+1, line)
		case !open && line[0] == ' ':
			return "", fmt.Errorf("%s:%d: a continuation before any field", file, i+1)
		case !open:
			paras, open = append(paras, paragraph{}), true
			fallthrough
		default:
			p := &paras[len(paras)-1]
			p.lines, p.at = append(p.lines, line), append(p.at, i+1)
		}
	}
	if len(paras) == 0 {
		return "", fmt.Errorf("%s: no paragraphs", file)
	}
	texts := map[string]bool{} // licences with a stand-alone paragraph
	needs := map[string]int{}  // licences named without text → line
	var out strings.Builder
	for _, p := range paras {
		fields := map[string]bool{}
		licence, last, text := "", "", false
		for i, line := range p.lines {
			if line[0] == ' ' { // continues the last field
				text = text || last == "License"
				continue
			}
			name, value, _ := strings.Cut(line, ": ")
			if fields[name] {
				return "", fmt.Errorf("%s:%d: %s twice in one paragraph", file, p.at[i], name)
			}
			fields[name], last = true, name
			if name == "License" {
				licence = value
			}
		}
		switch {
		case fields["Files"] && (!fields["Copyright"] || !fields["License"]):
			return "", fmt.Errorf("%s:%d: a Files paragraph needs Copyright and License", file, p.at[0])
		case !fields["Files"] && !fields["License"]:
			return "", fmt.Errorf("%s:%d: a paragraph is either Files or a stand-alone License", file, p.at[0])
		case !fields["Files"] && !text:
			return "", fmt.Errorf("%s:%d: stand-alone License %s has no text", file, p.at[0], licence)
		case !fields["Files"]:
			texts[licence] = true
		case !text:
			if _, ok := needs[licence]; !ok {
				needs[licence] = p.at[0]
			}
		}
		if out.Len() > 0 {
			out.WriteString("\n")
		}
		out.WriteString(strings.Join(p.lines, "\n") + "\n")
	}
	for name, line := range needs {
		if !texts[name] {
			return "", fmt.Errorf("%s:%d: License %s has no stand-alone paragraph with its text", file, line, name)
		}
	}
	return out.String(), nil
}
