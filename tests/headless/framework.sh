# tests/headless/framework.sh: the UI framework, driven headless with
# scripted keys over a real report (tests/fixtures/tui/make.sh) and the
# driver's own panes (tests/headless/tui_driver.c).
. "${top_srcdir:-.}/tests/lib.sh"
SCREEN_DIR="$top_srcdir/tests/headless/screens/framework"
. "$top_srcdir/tests/headless/lib.sh"
D="$top_builddir/tests/headless/tui_driver"

cd "$TMP" || exit 1
gzip -dc "$FIX/tui/report.json.gz" >report.json
pid=$(sed -n 's/^ *"processId": \([0-9]*\),$/\1/p' report.json)
node=$(sed -n 's/^ *"nodejsVersion": "\(.*\)",$/\1/p' report.json)
ntop=$(grep -c '^  "' report.json)
nhandles=$(grep -c '^      "type": ' report.json)
ntcp=$(grep -c '^      "type": "tcp",' report.json)
nheader=$(sed -n '/^  "header"/,/^  }/p' report.json | grep -c '^    "')
# handle N FIELD: FIELD of the report's Nth libuv handle, as written.
handle() {
	awk -v n="$1" -v f="$2" '/^  "libuv": \[/ { on = 1; next } on && /^    \{/ { i++ }
		on && i == n && index($0, "      \"" f "\": ") == 1 {
			v = substr($0, length(f) + 11); sub(/,$/, "", v); gsub(/"/, "", v); print v; exit }
		on && /^  \]/ { exit }' report.json
}
# handle_fields N: how many fields the Nth handle has.
handle_fields() {
	awk -v n="$1" '/^  "libuv": \[/ { on = 1; next } on && /^    \{/ { i++ }
		on && i == n && /^      "/ { c++ } on && /^  \]/ { exit } END { print c + 0 }' report.json
}
types=$(sed -n 's/^      "type": "\(.*\)",$/\1/p' report.json)
ninactive=$(grep -c '^      "is_active": false,' report.json)

# The first screen: tabs, title, every top-level field folded.
expect_screen start "$D" 100x20 "" report.json
expect_grep "^ Tree  1/$ntop " "$TMP/screen"

# Enter unfolds; values are the report's own.
expect_screen unfold "$D" 100x24 "<Enter>" report.json
expect_grep "^  processId +$pid$" "$TMP/screen"
expect_grep "^  nodejsVersion +$node$" "$TMP/screen"
# A newline inside an artifact string is shown escaped, never sent raw.
"$D" 200x40 "<Enter>/commandLine<Enter><Enter>" report.json >"$TMP/screen"
expect_grep '^    - +\\nconst net = require' "$TMP/screen"

# v shows the selected row in full, wrapped; Backspace closes it.
expect_screen show-row "$D" 60x16 "<Enter>/commandLine<Enter><Enter>jjjv" report.json
expect_grep "^Value +\\\\nconst net = require" "$TMP/screen"
"$D" 60x16 "<Enter>/commandLine<Enter><Enter>jjjv<BS>" report.json >"$TMP/screen"
crow=$(sed -n '/^  "header"/,/^  }/p' report.json | grep '^    "' | grep -n '"commandLine"' | cut -d: -f1)
expect_grep "^ Tree  $((crow + 1 + 3))/" "$TMP/screen"

# Search: / moves to the match, n goes on and wraps, N goes back.
# (the row of nodejsVersion: header's own row, then its place among header's fields)
row=$(sed -n '/^  "header"/,/^  }/p' report.json | grep '^    "' | grep -n '"nodejsVersion"' | cut -d: -f1)
"$D" 100x24 "<Enter>/nodejsVersion<Enter>" report.json >"$TMP/screen"
expect_grep "^ Tree  $((row + 1))/[0-9]+  search /nodejsVersion/" "$TMP/screen"
"$D" 100x24 "/libuv<Enter>n" report.json >"$TMP/screen"
expect_grep "search wrapped around|the only match" "$TMP/screen"
"$D" 100x24 "/nothing-like-this<Enter>" report.json >"$TMP/screen"
expect_grep "not found: /nothing-like-this/" "$TMP/screen"
"$D" 100x24 "/ab(c<Enter>" report.json >"$TMP/screen"
expect_grep "regex: missing closing parenthesis at offset 4" "$TMP/screen"
expect_screen search-prompt "$D" 60x10 "/sock" report.json
expect_grep "^\+ header +\{$nheader\}$" "$TMP/screen"
expect_grep '^/sock$' "$TMP/screen"

# The filter keeps the rows that match, as many as the report has.
expect_screen filter "$D" 80x20 "2&tcp<Enter>" report.json
expect_grep "^ Handles  1/$ntcp  filter /tcp/" "$TMP/screen"
"$D" 80x20 "2&tcp<Enter>&<Enter>" report.json >"$TMP/screen"
expect_grep "filter off: all $nhandles rows" "$TMP/screen"
"$D" 80x20 "2&tcp<Enter><Esc>" report.json >"$TMP/screen"
expect_grep "^ Handles  [0-9]+/$nhandles " "$TMP/screen"

# Sorting on any column, both ways; the detail follows the selection.
# (the report's types in order, each row's type, the detail of the first)
expect_screen sort "$D" 80x20 "2s" report.json
first=$(printf '%s\n' "$types" | LC_ALL=C sort | head -n 1)
nfirst=$(printf '%s\n' "$types" | grep -cx "$first")
ok
[ "$(sed -n "4,$((3 + nfirst))p" "$TMP/screen" | grep -c "^$first ")" -eq "$nfirst" ] &&
	! screen_line $((4 + nfirst)) | grep -q "^$first " ||
	fail "sort: not the report's $nfirst '$first' rows first: $(sed -n 4,8p "$TMP/screen")"
expect_grep "^type +$first$" "$TMP/screen"
expect_grep "^ Handles  1/$nhandles " "$TMP/screen"
expect_screen sort-reverse "$D" 80x20 "2sS" report.json
last=$(printf '%s\n' "$types" | LC_ALL=C sort | tail -n 1)
ok
screen_line 4 | grep -q "^$last " || fail "sort-reverse: first row $(screen_line 4), want $last"
expect_grep "^type +$last$" "$TMP/screen"
expect_screen sort-next "$D" 80x20 "2ss" report.json
# the Active column: the report's $ninactive inactive handles first
ok
[ "$(sed -n "4,$((3 + ninactive))p" "$TMP/screen" | grep -c ' no$')" -eq "$ninactive" ] &&
	screen_line $((4 + ninactive)) | grep -q ' yes' ||
	fail "sort-next: not the report's $ninactive inactive handles first: $(sed -n 4,8p "$TMP/screen")"
"$D" 80x12 "1s" report.json >"$TMP/screen"
expect_grep "this pane keeps its own order" "$TMP/screen"

# Enter drills into a handle, Backspace comes back to the same row.
expect_screen drill "$D" 80x16 "2jj<Enter>" report.json
expect_grep "^type +$(handle 3 type)$" "$TMP/screen"
expect_grep "^address +$(handle 3 address)$" "$TMP/screen"
expect_grep "^firesInMsFromNow +$(handle 3 firesInMsFromNow)$" "$TMP/screen"
expect_grep "^ Fields  1/$(handle_fields 3) " "$TMP/screen"
expect_screen drill-back "$D" 80x16 "2jj<Enter><BS>" report.json
expect_grep "^ Handles  3/$nhandles " "$TMP/screen"
"$D" 80x16 "<BS>" report.json >"$TMP/screen"
expect_grep "nothing to go back to" "$TMP/screen"
# w moves the keyboard into the detail below.
"$D" 80x16 "2wjj" report.json >"$TMP/screen"
expect_grep "^ Fields  3/[0-9]+ " "$TMP/screen"

# Help comes from the action table; q and Backspace close it.
expect_screen help "$D" 100x50 "?" report.json
"$D" 100x20 "?q" report.json >"$TMP/screen"
expect_grep "^ Tree  1/$ntop " "$TMP/screen"
"$D" 100x20 "?<BS>" report.json >"$TMP/screen"
expect_grep "^ Tree  1/$ntop " "$TMP/screen"

# Tabs: Tab, S-Tab and digits; a digit past the last pane says so.
"$D" 100x20 "<Tab><Tab>" report.json >"$TMP/screen"
expect_grep "^ Big  1/1000000 " "$TMP/screen"
"$D" 100x20 "<S-Tab>" report.json >"$TMP/screen"
expect_grep "^ Big  1/1000000 " "$TMP/screen"
"$D" 100x20 "7" report.json >"$TMP/screen"
expect_grep "^ no pane 7" "$TMP/screen"

# A million rows: only the rows on screen are asked for.
expect_screen big-end "$D" 80x12 "3G" report.json
expect_grep '^ *999999 row 1000000 of a million$' "$TMP/screen"
expect_grep '^ Big  1000000/1000000 ' "$TMP/screen"
asked=$("$D" 80x12 "3Gggjjjjk<PgDn><PgDn>" report.json | sed -n 's/^rows asked so far: //p')
ok; [ "$asked" -lt 200 ] || fail "a million-row pane asked for $asked rows"

# Two files side by side on the same pane; a failed one shows its error.
expect_screen two "$D" 120x16 "2j" report.json report.json
# (the left one on the second handle, the right one on the first)
expect_grep "^address +$(handle 2 address) +│address +$(handle 1 address)$" "$TMP/screen"
expect_grep "^ Handles  2/$nhandles " "$TMP/screen"
expect_screen two-compare "$D" 120x16 "4" report.json report.json
expect_grep "^processId +$pid +$pid$" "$TMP/screen"
expect_grep "^nodejsVersion +$node +$node$" "$TMP/screen"
expect_screen two-failed "$D" 120x10 "" report.json missing.json
expect_grep "│missing.json: cannot open$" "$TMP/screen"
"$D" 120x12 "wjj" report.json report.json >"$TMP/screen"
expect_grep "^ Tree  3/$ntop " "$TMP/screen"

# Resize at any time; below the minimum size the screen says so.
expect_screen resize "$D" 100x20 "<Enter><Resize:50x10>" report.json
expect_lines 10 "$TMP/screen"
expect_grep "^ Tree  1/$((ntop + nheader)) " "$TMP/screen"
expect_grep "^  reportVersion +$(sed -n 's/^    "reportVersion": \([0-9]*\),$/\1/p' report.json)$" "$TMP/screen"
expect_screen too-small "$D" 100x20 "<Resize:30x5>" report.json
expect_lines 5 "$TMP/screen"
expect_grep '^30x5, need 40x8$' "$TMP/screen"
expect_screen resize-back "$D" 100x20 "<Resize:30x5>j<Resize:60x10>" report.json

# Keys: q quits (later keys are not read), unbound keys say so.
"$D" 100x20 "jqj" report.json >"$TMP/screen"
expect_grep "^ Tree  2/$ntop " "$TMP/screen"
"$D" 100x20 "Z" report.json >"$TMP/screen"
expect_grep "^ Z does nothing; \? lists the keys" "$TMP/screen"
expect_status 2 "$D" 100x20 "<Foo>" report.json
expect_grep "no key at offset 0: '<Foo>' \(write <lt> for <\)" "$TMP/err"

# --keymap emacs, and a user's keys file with one bad line.
"$D" --keymap emacs 100x20 "<C-n><C-n><M-gt>" report.json >"$TMP/screen"
expect_grep "^ Tree  $ntop/$ntop " "$TMP/screen"
expect_status 2 "$D" --keymap vi 100x20 "" report.json
expect_grep "no keymap 'vi' \(default, emacs\)" "$TMP/err"
mkdir -p "$XDG_CONFIG_HOME/mortem"
printf '# mine\nbind x move-last\nbind y no-such-thing\n' >"$XDG_CONFIG_HOME/mortem/keys"
"$D" 100x20 "" report.json >"$TMP/screen"
expect_grep "mortem/keys:3: unknown action 'no-such-thing'" "$TMP/screen"
"$D" 100x20 "x" report.json >"$TMP/screen"
expect_grep "^ Tree  $ntop/$ntop " "$TMP/screen"
rm "$XDG_CONFIG_HOME/mortem/keys"

# Wide characters keep columns aligned; control characters are escaped.
printf '{"\346\227\245\346\234\254":"\345\200\244","ascii":"v","esc":"a\\u001b[31mred","bad":"\377x"}' >wide.json
expect_screen wide "$D" 60x10 "" wide.json
expect_grep '^日本 +値$' "$TMP/screen"
expect_grep '^esc +a\\x1b\[31mred$' "$TMP/screen"
expect_grep '^ Tree  1/4 ' "$TMP/screen"

# Nothing opens: the errors and exit 2, no UI.
expect_status 2 "$D" 100x20 "" missing.json
expect_grep "missing.json: cannot open" "$TMP/err"

done_testing
