# tests/doclinks.sh: the docs link only inside the repository: every
# relative link of README.md and doc/*.md names a file of the tree (and an
# anchor of a page, a heading of it), and no page points outside the tree
# (../shared/..., absolute paths of the machine that wrote it).
. "${top_srcdir:-.}/tests/lib.sh"

# anchor TEXT: GitHub's anchor of a heading.
anchor() {
	echo "$1" | tr 'A-Z' 'a-z' | sed -e 's/[^a-z0-9 _-]//g' -e 's/ /-/g'
}

pages=$(cd "$top_srcdir" && ls README.md doc/*.md)
ok; [ "$(echo "$pages" | wc -l)" -ge 5 ] || fail "few pages: $pages"
for page in $pages; do
	dir=$(dirname "$page")
	# out of the tree: a parent of the repository, or a machine's own path
	expect_no_grep '(\]\(|`)(\.\./)+(shared|research)|/work/(shared|main)|/tmp/mortem' \
		"$top_srcdir/$page"
	grep -oE '\]\([^)]+\)' "$top_srcdir/$page" | sed 's/^](\(.*\))$/\1/' >"$TMP/links"
	while read -r link; do
		case $link in http://*|https://*|mailto:*) continue ;; esac
		file=${link%%#*} frag=
		case $link in *'#'*) frag=${link#*#} ;; esac
		target=$page
		if [ -n "$file" ]; then
			target=$dir/$file
			ok
			case $target in ../*|*/../../*) fail "$page: '$link' leaves the repository"; continue ;; esac
			[ -e "$top_srcdir/$target" ] || { fail "$page: '$link': no $target"; continue; }
		fi
		[ -n "$frag" ] || continue
		ok
		sed -n 's/^#\{1,6\} //p' "$top_srcdir/$target" | while read -r h; do anchor "$h"; done \
			>"$TMP/anchors"
		grep -qx -- "$frag" "$TMP/anchors" || fail "$page: '$link': no heading #$frag in $target"
	done <"$TMP/links"
done

done_testing
