package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const mitText = `MIT License

Copyright (c) 2019 Jane Doe

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`

func writeFile(tb testing.TB, dir, name, text string) string {
	tb.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestReadLicence(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "LICENSE.md", mitText)
	writeFile(t, dir, "README.md", "Copyright 2020 not a licence file")
	lic, err := readLicence(dir)
	if err != nil {
		t.Fatal(err)
	}
	if lic.id != "MIT" {
		t.Errorf("readLicence id = %q, want MIT", lic.id)
	}
	if got := lic.copyrights("fallback"); len(got) != 1 || got[0] != "Copyright (c) 2019 Jane Doe" {
		t.Errorf("copyrights = %q, want the one holder line", got)
	}
}

func TestReadLicenceErrors(t *testing.T) {
	empty := t.TempDir()
	if _, err := readLicence(empty); err == nil || !strings.Contains(err.Error(), "no licence file") {
		t.Errorf("readLicence(no file) = %v, want 'no licence file'", err)
	}
	odd := t.TempDir()
	writeFile(t, odd, "COPYING", "You may do as you please, but only on Tuesdays.\n")
	if _, err := readLicence(odd); err == nil || !strings.Contains(err.Error(), "COPYING: no known licence") {
		t.Errorf("readLicence(unknown terms) = %v, want it to name COPYING", err)
	}
}

func TestCopyrightsFallback(t *testing.T) {
	lic := licence{id: "Apache-2.0", text: "Copyright [yyyy] [name of copyright owner]\nthe copyright starting in 2011 when ported\n"}
	if got := lic.copyrights("the authors of x"); len(got) != 1 || got[0] != "the authors of x" {
		t.Errorf("copyrights = %q, want the fallback only", got)
	}
}

func TestWriteTextContinuation(t *testing.T) {
	var b bytes.Buffer
	writeText(&b, licence{text: "first\n\n\tindented  \nlast\n"})
	want := " first\n .\n     indented\n last\n"
	if b.String() != want {
		t.Errorf("writeText = %q, want %q", b.String(), want)
	}
}

// TestRunOnTestBinary writes the copyright file of this test binary, whose
// build information lists the module's dependencies it links.
func TestRunOnTestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the go command and the module cache")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	head := writeFile(t, dir, "head", "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: cxtv\n")
	mit := writeFile(t, dir, "LICENSE", mitText)
	var out bytes.Buffer
	data := writeFile(t, dir, "data", "# a comment\n\nFiles: data/*\nCopyright: Some Office\nLicense: X-1\n\nLicense: X-1\n Use it, name us.\n")
	if err := run(context.Background(), []string{"--head", head, "--files", "*=" + mit, "--paragraphs", data, self}, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"Upstream-Name: cxtv\n\nFiles: *\nCopyright: Copyright (c) 2019 Jane Doe\nLicense: MIT\n",
		"License: MIT\n MIT License\n",
		"\n\nFiles: data/*\nCopyright: Some Office\nLicense: X-1\n\nLicense: X-1\n Use it, name us.\n\nFiles: go/*\n",
		"\nFiles: vendor/github.com/google/licensecheck/*\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("copyright file lacks %q", want)
		}
	}
	// DEP-5: paragraphs separated by one empty line, continuation lines
	// start with a space, and none holds only blanks (" ." stands for an
	// empty line).
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if line != "" && !dep5Line.MatchString(line) {
			t.Errorf("line %d is neither a field nor a continuation: %q", i+1, line)
		}
	}
}

func TestFilesFlag(t *testing.T) {
	err := run(context.Background(), []string{"--head", "h", "--files", "nopattern", "bin"}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), `want PATTERN=FILE, got "nopattern"`) {
		t.Errorf("run(--files nopattern) = %v, want the flag's error", err)
	}
}

// TestNamesAttribution reads the paragraphs the feed package ships for its
// first-name lists: every list with an outside source has its paragraph,
// with the attribution its licence asks for.
func TestNamesAttribution(t *testing.T) {
	text, err := readParagraphs("../packaging/feed/copyright.data")
	if err != nil {
		t.Fatal(err)
	}
	lists, err := filepath.Glob("../../feed/curate/names/first-names-*.txt")
	if err != nil || len(lists) == 0 {
		t.Fatalf("no first-name lists found (%v)", err)
	}
	for _, l := range lists {
		name := filepath.Base(l)
		if name == "first-names-supplement.txt" { // the project's own
			continue
		}
		if !strings.Contains(text, "Files: feed/curate/names/"+name+"\n") {
			t.Errorf("no paragraph for %s", name)
		}
	}
	for _, want := range []string{
		"Datenquelle: LABO Berlin / BerlinOnline, daten.berlin.de",
		"Source: Swiss Federal Statistical Office (FSO)",
		"Datenquelle: Statistik Austria; Stadt Wien – data.wien.gv.at",
		"Contains public sector information licensed under the Open\n Government Licence v3.0",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("copyright.data lacks the attribution %q", want)
		}
	}
	if strings.Contains(text, "# ") {
		t.Error("a comment line was copied")
	}
}

func TestReadParagraphsErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ name, text, want string }{
		{"empty", "# only a comment\n", "no paragraphs"},
		{"bad line", "Files: a\nno colon here\n", "bad line:2: neither a field nor a continuation"},
		{"no licence", "Files: a\nCopyright: b\n", "no licence:1: a Files paragraph needs Copyright and License"},
		{"no text", "Files: a\nCopyright: b\nLicense: X\n", "no text:1: License X has no stand-alone paragraph"},
		{"empty licence", "Files: a\nCopyright: b\nLicense: X\n\nLicense: X\n", "empty licence:5: stand-alone License X has no text"},
		{"twice", "Files: a\nFiles: b\n", "twice:2: Files twice"},
		{"comment inside", "Files: a\n# a note\nFiles: b\n", "comment inside:3: Files twice"},
		{"neither", "Comment: what\n", "neither:1: a paragraph is either Files or a stand-alone License"},
		{"leading", " text\n", "leading:1: a continuation before any field"},
	} {
		_, err := readParagraphs(writeFile(t, dir, c.name, c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: readParagraphs = %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := readParagraphs(filepath.Join(dir, "missing")); err == nil {
		t.Error("readParagraphs(missing file) = nil error")
	}
}
