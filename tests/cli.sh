# tests/cli.sh: the command line and the input layer, on files of every kind
# the sniffer must tell apart, including bad ones.
. "${top_srcdir:-.}/tests/lib.sh"

expect_status 0 "$MORTEM" --help
expect_grep '^usage: mortem' "$TMP/out"
expect_status 0 "$MORTEM" --version
expect_grep '^mortem [0-9]' "$TMP/out"
expect_status 2 "$MORTEM"
expect_grep 'no file to open' "$TMP/err"
expect_status 2 "$MORTEM" --format xml x
expect_grep "format takes text or json" "$TMP/err"
expect_status 2 "$MORTEM" --print overview a b c d e f g h i j k
expect_grep 'at most 10 files' "$TMP/err"
expect_status 2 "$MORTEM" --bogus x
expect_grep "unknown option '--bogus'" "$TMP/err"

# A missing file names itself; an empty one says it is empty.
expect_status 2 "$MORTEM" --print overview "$TMP/missing.json"
expect_grep "missing.json: cannot open: No such file" "$TMP/err"
expect_lines 1 "$TMP/err"
: >"$TMP/empty"
expect_status 2 "$MORTEM" --print overview "$TMP/empty"
expect_grep "empty: empty file: not supported" "$TMP/err"

# Garbage is refused by kind, gzipped or not, from a file or stdin.
printf 'hello\001world' >"$TMP/garbage"
expect_status 2 "$MORTEM" --print overview "$TMP/garbage"
expect_grep "garbage: unrecognised data" "$TMP/err"
gzip -c "$TMP/garbage" >"$TMP/garbage.gz"
expect_status 2 "$MORTEM" --print overview - <"$TMP/garbage.gz"
expect_grep "^mortem: -: unrecognised data" "$TMP/err"
# "Not supported" says what mortem opens, for a script given by mistake.
printf 'const leak = [];\nsetInterval(() => leak.push(new Array(1e5)), 10);\n' >"$TMP/leak.js"
expect_status 2 "$MORTEM" --print overview "$TMP/leak.js"
expect_grep "leak\.js: unrecognised data: not supported \(mortem opens Node\.js diagnostic reports \(\.json\), V8 heap snapshots \(\.heapsnapshot\), ELF core dumps of node, core-dump-handler zip bundles, each of them also gzipped \(\.gz\)\)$" "$TMP/err"
expect_lines 1 "$TMP/err"

# The UI checks the files before the terminal: without one, a missing file
# is named, not the missing terminal; with a file that opens, the terminal.
expect_status 2 sh -c "'$MORTEM' '$TMP/nope.json' </dev/null >'$TMP/pipe'"
expect_grep "^mortem: $TMP/nope\.json: cannot open: No such file or directory$" "$TMP/err"
expect_no_grep "terminal" "$TMP/err"
expect_lines 1 "$TMP/err"
gzip -dc "$FIX/reports/leak.json.gz" >"$TMP/leak.json"
expect_status 2 sh -c "'$MORTEM' '$TMP/leak.json' '$TMP/nope.json' </dev/null >'$TMP/pipe'"
expect_grep "^mortem: $TMP/nope\.json: cannot open: No such file or directory$" "$TMP/err"
expect_lines 1 "$TMP/err"
# a script given by mistake: what it is not, before the terminal too
expect_status 2 sh -c "'$MORTEM' '$TMP/leak.js' </dev/null >'$TMP/pipe'"
expect_grep "^mortem: $TMP/leak\.js: unrecognised data: not supported \(mortem opens " "$TMP/err"
expect_lines 1 "$TMP/err"
expect_status 2 sh -c "'$MORTEM' '$TMP/leak.json' </dev/null >'$TMP/pipe'"
expect_grep "the UI needs a terminal" "$TMP/err"
expect_lines 0 "$TMP/pipe"

# The old text format of the node-report module is named.
printf '================================================================================\n==== Node Report ===============================================================\n' >"$TMP/old.txt"
expect_status 2 "$MORTEM" --print overview "$TMP/old.txt"
expect_grep "old node-report module" "$TMP/err"

# An ELF file that is not a core is named as such.
expect_status 2 "$MORTEM" --print overview "$MORTEM"
expect_grep "ELF file that is not a core" "$TMP/err"

# A directory is not an artifact.
expect_status 2 "$MORTEM" --print overview "$TMP"
expect_grep "is a directory" "$TMP/err"

# One table, tui/options.def, makes getopt's options, --help and the man
# page's OPTIONS; every option in it is accepted (it has code), is in --help
# and in the man page with its value, and every option they name is one
# mortem accepts.
man="$top_builddir/doc/mortem.1"
ok; [ -s "$man" ] || fail "no $man"
sed -e 's/\\-/-/g' -e 's/\\f[IRB]//g' -e 's/\\e/\\/g' "$man" >"$TMP/man"
expect_status 0 "$MORTEM" --help
mv "$TMP/out" "$TMP/help"
sed -n 's/^OPTION([A-Z_]*, *"\([a-z-]*\)", *[^,]*, *"*\([A-Za-z]*\)"*,$/\1 \2/p' \
	"$top_srcdir/tui/options.def" | sed 's/ NULL$//' >"$TMP/options"
ok; [ "$(wc -l <"$TMP/options")" -gt 20 ] || fail "few options read from options.def"
# accepted OPTION: parsed, whatever it says of its value or of the file.
accepted() {
	ok
	"$MORTEM" "$1" 1 "$TMP/missing.json" >/dev/null 2>"$TMP/err"
	[ $? -ne 2 ] ||
		{ grep -q '^mortem: ' "$TMP/err" && ! grep -q 'unknown option' "$TMP/err"; } ||
		fail "$1: not accepted: $(head -c 200 "$TMP/err")"
}
while read -r name arg; do
	accepted "--$name"
	expect_grep "^  (-[a-zA-Z], |    )--$name${arg:+ $arg}( |$)" "$TMP/help"
	expect_grep "^(-[a-zA-Z], )?--$name${arg:+ $arg}$" "$TMP/man"
done <"$TMP/options"
for o in $(grep -ho -- '--[a-z][a-z-]*' "$TMP/help" "$TMP/man" | sort -u); do
	accepted "$o"
done

# The man page's PANES are every pane mortem knows, by kind, in order, each
# other name too: what a pane that is not there says it knows.
sed -n '/^\.SH PANES/,/^\.SH /s/^\.B \([a-z0-9-]*\)$/\1/p' "$TMP/man" >"$TMP/man-panes"
: >"$TMP/panes"
for f in "$FIX/tui/report.json.gz" "$FIX/heap/pair-1.heapsnapshot.gz" \
	 "$FIX/cores/crash-abort.core.gz"; do
	expect_status 2 "$MORTEM" --print no-such-pane "$f"
	expect_grep "no pane 'no-such-pane' .*\(panes: [a-z]" "$TMP/err"
	sed 's/.*(panes: \(.*\))$/\1/' "$TMP/err" | sed 's/, /\n/g' >"$TMP/known"
	sed 's/ .*//' "$TMP/known" >>"$TMP/panes"
	for alias in $(sed -n 's/.* (or \(.*\))$/\1/p' "$TMP/known"); do
		expect_grep "\(also $alias(;|\))" "$TMP/man"
	done
done
ok; cmp -s "$TMP/panes" "$TMP/man-panes" ||
	fail "panes and the man page differ: $(diff "$TMP/panes" "$TMP/man-panes" | head -5)"
expect_status 0 "$MORTEM" --list-panes
ok; cut -f2 "$TMP/out" | cmp -s "$TMP/panes" - || fail "--list-panes differs from the panes known"
expect_grep ' heapsnapshot, which prints' "$TMP/man"

done_testing
