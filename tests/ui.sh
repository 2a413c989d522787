# tests/ui.sh: mortem's UI entry points from the command line: --headless,
# --keys, --pane, --keymap, and refusing to start without a terminal.
. "${top_srcdir:-.}/tests/lib.sh"
export LANG=C.UTF-8 XDG_CONFIG_HOME="$TMP/config"

# Nothing opens: the one-line errors, exit 2, no screen.
expect_status 2 "$MORTEM" --headless 80x10 --keys '' "$TMP/missing.json"
expect_grep "missing.json: cannot open: No such file" "$TMP/err"
expect_lines 1 "$TMP/err"
expect_lines 0 "$TMP/out"
expect_status 2 "$MORTEM" --headless 80x10 --keys '' "$TMP/a.json" "$TMP/b.json"
expect_lines 2 "$TMP/err"

# A bad key script is refused before anything is read.
expect_status 2 "$MORTEM" --headless 80x10 --keys 'jj<Foo>' "$TMP/missing.json"
expect_grep "^mortem: --keys: no key at offset 2: '<Foo>' \(write <lt> for <\)$" "$TMP/err"
expect_status 2 "$MORTEM" --headless 80x10 --keys '<Resize:0x3>' "$TMP/missing.json"
expect_grep "no key at offset 0" "$TMP/err"
expect_status 2 "$MORTEM" --headless 80 --keys 'j' "$TMP/missing.json"
expect_grep "headless takes COLSxROWS" "$TMP/err"
expect_status 2 "$MORTEM" --keys 'j' "$TMP/missing.json"
expect_grep "keys goes with --headless" "$TMP/err"

# Without a terminal the UI says so instead of drawing into a pipe (files
# that do not open or hold nothing mortem reads are named before that:
# tests/cli.sh).
gzip -dc "$FIX/reports/leak.json.gz" >"$TMP/x.json"
expect_status 2 sh -c "'$MORTEM' '$TMP/x.json' </dev/null >'$TMP/pipe'"
expect_grep "the UI needs a terminal" "$TMP/err"

done_testing
