# tests/ui-doc.sh: the help pane and the man page come from the one action
# table: every action of tui/actions.def is in both, with its default keys.
. "${top_srcdir:-.}/tests/lib.sh"
export LANG=C.UTF-8 XDG_CONFIG_HOME="$TMP/config"
man="$top_builddir/doc/mortem.1"
D="$top_builddir/tests/headless/tui_driver"
gzip -dc "$FIX/tui/report.json.gz" >"$TMP/report.json"

ok; [ -s "$man" ] || fail "no $man"
# The page without roff's escapes and fonts.
sed -e 's/\\-/-/g' -e 's/\\f[IRB]//g' -e 's/\\e/\\/g' "$man" >"$TMP/man"
"$D" 120x120 "?" "$TMP/report.json" >"$TMP/help"
actions=$(sed -n 's/^ACTION([A-Z_0-9]*, *"\([a-z0-9-]*\)".*/\1/p' "$top_srcdir/tui/actions.def")
ok; [ "$(echo "$actions" | wc -l)" -gt 20 ] || fail "few actions read from actions.def"
for a in $actions; do
	help=$(sed -n "s/^ACTION([A-Z_0-9]*, *\"$a\", *\"[A-Za-z]*\", *[A-Z]*, *\"\(.*\)\")$/\1/p" \
		"$top_srcdir/tui/actions.def")
	expect_grep "\\($a\\)$" "$TMP/man"
	expect_grep "(^| )$a +$(printf '%s' "$help" | cut -c1-30 | sed 's/[().?]/./g')" "$TMP/help"
done
# Keys named in default.keys show beside their action in both.
expect_grep '^j <Down> <C-n> <C-e> +move-down ' "$TMP/help"
expect_grep '^\.B j <Down> <C-n> <C-e>$' "$TMP/man"
expect_grep '^\.B /$' "$TMP/man"
expect_grep '^\.B \(unbound\)$' "$TMP/man"
expect_no_grep '[@%][A-Z]+[@%]' "$TMP/man"
done_testing
