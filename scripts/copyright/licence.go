package main

import (
	"debug/buildinfo"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/google/licensecheck"
)

// module is one Go module compiled into the package's binaries.
type module struct {
	Path, Version, Dir string
	binaries           []string // base names of the binaries that contain it
}

// readBinaries lists the modules in the build information of the binaries
// (any architecture), each once, sorted by path, and the Go version.
func readBinaries(paths []string) ([]*module, string, error) {
	byPath := map[string]*module{}
	goVersion := ""
	for _, p := range paths {
		bi, err := buildinfo.ReadFile(p)
		if err != nil {
			return nil, "", fmt.Errorf("read build information of %s: %w", p, err)
		}
		if goVersion == "" {
			goVersion = bi.GoVersion
		}
		for _, d := range bi.Deps {
			if d.Replace != nil {
				d = d.Replace
			}
			key := d.Path + "@" + d.Version
			m := byPath[key]
			if m == nil {
				m = &module{Path: d.Path, Version: d.Version}
				byPath[key] = m
			}
			if b := filepath.Base(p); !slices.Contains(m.binaries, b) {
				m.binaries = append(m.binaries, b)
			}
		}
	}
	mods := make([]*module, 0, len(byPath))
	for _, m := range byPath {
		slices.Sort(m.binaries)
		mods = append(mods, m)
	}
	slices.SortFunc(mods, func(a, b *module) int { return strings.Compare(a.Path+"@"+a.Version, b.Path+"@"+b.Version) })
	return mods, goVersion, nil
}

// licence is what a module's licence files say.
type licence struct {
	id   string // SPDX expression: "MIT", "BSD-3-Clause and Apache-2.0"
	text string // the files' text, concatenated
}

// licenceFile matches the names modules give their licence files.
var licenceFile = regexp.MustCompile(`(?i)^(licen[cs]e|copying)([._-].*)?$`)

// minCoverage is how much of a licence file the recognised licences must
// cover: below it the file holds terms we do not know and a person must look.
const minCoverage = 75

// readLicence classifies the licence files at the top of dir.
func readLicence(dir string) (licence, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return licence{}, err
	}
	var ids, texts []string
	for _, e := range entries {
		if e.IsDir() || !licenceFile.MatchString(e.Name()) || strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		lic, err := readLicenceFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return licence{}, err
		}
		for _, id := range strings.Split(lic.id, " and ") {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		texts = append(texts, lic.text)
	}
	if len(ids) == 0 {
		return licence{}, errors.New("no licence file (LICENSE, COPYING…) at the top of the module")
	}
	return licence{id: strings.Join(ids, " and "), text: strings.Join(texts, "\n\n")}, nil
}

// readLicenceFile classifies one licence file.
func readLicenceFile(path string) (licence, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return licence{}, err
	}
	cov := licensecheck.Scan(b)
	if cov.Percent < minCoverage || len(cov.Match) == 0 {
		return licence{}, fmt.Errorf("%s: no known licence (%.0f%% recognised)", filepath.Base(path), cov.Percent)
	}
	var ids []string
	for _, m := range cov.Match {
		if !slices.Contains(ids, m.ID) {
			ids = append(ids, m.ID)
		}
	}
	return licence{id: strings.Join(ids, " and "), text: referCommon(string(b), cov.Match)}, nil
}

// referCommon replaces the text of each licence Debian ships in
// /usr/share/common-licenses with a reference to that file: lintian asks
// for it, and it keeps the copyright file readable.
func referCommon(text string, matches []licensecheck.Match) string {
	var b strings.Builder
	at := 0
	for _, m := range matches {
		if !commonLicences[m.ID] || m.Start < at {
			continue
		}
		b.WriteString(text[at:m.Start])
		fmt.Fprintf(&b, "On Debian systems, the complete text of the %s licence is in\n/usr/share/common-licenses/%s.", m.ID, m.ID)
		at = m.End
	}
	b.WriteString(text[at:])
	return b.String()
}

// copyrights returns the holders' lines of the text, or fallback when it
// names none (the Apache licence, for one, leaves them to a NOTICE).
func (l licence) copyrights(fallback string) []string {
	var lines []string
	for _, line := range strings.Split(l.text, "\n") {
		if copyrightLine.MatchString(line) {
			line = strings.TrimSpace(line)
			if !slices.Contains(lines, line) {
				lines = append(lines, line)
			}
		}
	}
	if len(lines) == 0 {
		return []string{fallback}
	}
	return lines
}
