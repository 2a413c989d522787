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
expect_status 2 "$MORTEM" --print overview a b c
expect_grep 'at most two files' "$TMP/err"
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

done_testing
