// IPv4 and IPv6 addresses.

package curate

import "strings"

// ipAddresses appends IPv4 addresses with valid octets, and IPv6
// addresses in full or compressed form, with a port or prefix length
// after them. "1.2.3.4" after "Version" or "App" is a version.
func ipAddresses(text string, spans []span) []span {
	if strings.Count(text, ".") >= 3 {
		for i := 0; i < len(text); i++ {
			if !isDigit(text[i]) || i > 0 && (isDigit(text[i-1]) || text[i-1] == '.') || isWordRune(runeBefore(text, i)) {
				continue
			}
			end := ipv4At(text, i)
			if end == 0 {
				continue
			}
			var buf [16]byte
			if w, _ := wordBefore(text, i, buf[:0]); notPersonal[string(w)] {
				i = end
				continue
			}
			end = portAfter(text, end)
			spans = append(spans, span{i, end, KindIP})
			i = end
		}
	}
	if strings.Contains(text, "::") || strings.Count(text, ":") >= 7 {
		for i := 0; i < len(text); i++ {
			if !isHexOrColon(text[i]) || i > 0 && isHexOrColon(text[i-1]) || isWordRune(runeBefore(text, i)) {
				continue
			}
			end := i
			for end < len(text) && (isHexOrColon(text[end]) || text[end] == '.') {
				end++
			}
			for end > i && (text[end-1] == '.' || text[end-1] == ':' && !strings.HasSuffix(text[i:end], "::")) {
				end--
			}
			if isWordRuneAt(text, end) || !validIPv6(text[i:end]) {
				i = end
				continue
			}
			if end+1 < len(text) && text[end] == '/' && isDigit(text[end+1]) {
				end += 1 + runOf(text, end+1, isDigit)
			}
			spans = append(spans, span{i, end, KindIP})
			i = end
		}
	}
	return spans
}

func isHexOrColon(c byte) bool {
	return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' || c == ':'
}

// ipv4At returns the end of the IPv4 address at i, or 0.
func ipv4At(text string, i int) int {
	j := i
	for k := range 4 {
		if k > 0 {
			if j >= len(text) || text[j] != '.' {
				return 0
			}
			j++
		}
		n := runOf(text, j, isDigit)
		if n == 0 || n > 3 || n > 1 && text[j] == '0' {
			return 0
		}
		v := 0
		for _, c := range text[j : j+n] {
			v = v*10 + int(c-'0')
		}
		if v > 255 {
			return 0
		}
		j += n
	}
	if isWordRuneAt(text, j) || j+1 < len(text) && text[j] == '.' && isDigit(text[j+1]) {
		return 0
	}
	return j
}

// portAfter passes over ":8080" or "/24" after an address that ends at i.
func portAfter(text string, i int) int {
	if i+1 < len(text) && (text[i] == ':' || text[i] == '/') && isDigit(text[i+1]) {
		if n := runOf(text, i+1, isDigit); n <= 5 && !isWordRuneAt(text, i+1+n) {
			return i + 1 + n
		}
	}
	return i
}

// validIPv6 reports whether s is an IPv6 address of at least 3 groups or
// with a group of 3 or more characters, so that "12:30:45" and "::" are not.
func validIPv6(s string) bool {
	if strings.Count(s, "::") > 1 || strings.Contains(s, ":::") {
		return false
	}
	compressed := strings.Contains(s, "::")
	groups, long := 0, false
	for g := range strings.SplitSeq(s, ":") {
		switch {
		case g == "":
			continue
		case strings.Contains(g, "."):
			if ipv4At(g, 0) != len(g) {
				return false
			}
			groups += 2
			long = true
			continue
		case len(g) > 4:
			return false
		}
		for k := 0; k < len(g); k++ {
			if !isHexOrColon(g[k]) {
				return false
			}
		}
		groups++
		long = long || len(g) >= 3
	}
	if strings.HasPrefix(s, ":") && !strings.HasPrefix(s, "::") || strings.HasSuffix(s, ":") && !strings.HasSuffix(s, "::") {
		return false
	}
	if compressed {
		return groups <= 7 && (groups >= 3 || long && groups >= 2)
	}
	return groups == 8
}
