# tests/headless/report.sh: mortem's UI on the committed report fixtures
# (tests/fixtures/reports/make-reports.sh), headless: panes reached with
# the keys, values checked against the reports themselves.
. "${top_srcdir:-.}/tests/lib.sh"
SCREEN_DIR="$top_srcdir/tests/headless/screens/report"
. "$top_srcdir/tests/headless/lib.sh"
M=$MORTEM
R="$FIX/reports"

cd "$TMP" || exit 1
for f in leak pileup workers strings uncaught; do
	gzip -dc "$R/$f.json.gz" >"$f.json"
done
manifest() { sed -n "s/^$1=//p" "$R/manifest.txt"; }
port=$(manifest leak.port)
sockets=$(manifest leak.sockets)
pid=$(sed -n 's/^ *"processId": \([0-9]*\),$/\1/p' leak.json | head -1)
node=$(sed -n 's/^ *"nodejsVersion": "\(.*\)",$/\1/p' leak.json | head -1)

# Open a report: the overview first, with the report's own values.
expect_screen leak-overview "$M" --headless 110x30 --keys '' leak.json
expect_grep "^PID +$pid$" "$TMP/screen"
expect_grep "^Node.js +$node$" "$TMP/screen"
expect_grep "connection leak: $sockets tcp connections open to 127.0.0.1:$port" "$TMP/screen"

# Reach the handles pane with a digit, with Tab, and by --pane.
expect_screen leak-handles "$M" --headless 110x16 --keys '6' leak.json
expect_grep "^\+ tcp out 127.0.0.1:$port +$sockets +$sockets" "$TMP/screen"
"$M" --headless 110x16 --keys '<Tab><Tab><Tab><Tab><Tab>' leak.json >"$TMP/tab"
ok; cmp -s "$TMP/screen" "$TMP/tab" || fail "Tab x5 does not reach the same handles screen as 6"
"$M" --headless 110x16 --keys '' --pane handles leak.json >"$TMP/tab"
ok; cmp -s "$TMP/screen" "$TMP/tab" || fail "--pane handles differs from 6"
expect_status 2 "$M" --headless 110x16 --keys '' --pane bogus leak.json
expect_grep "^mortem: no pane 'bogus' for a Node.js diagnostic report \(panes: overview, " "$TMP/err"

# Enter opens the group: one row per socket, each to the leaking port.
expect_screen leak-handles-open "$M" --headless 110x16 --keys '6<Enter>' leak.json
expect_grep "^ Handles  1/$((sockets + 6)) " "$TMP/screen"
n=$(grep -c -- "-> 127.0.0.1:$port " "$TMP/screen")
ok; [ "$n" -eq 11 ] || fail "$n socket rows on screen, want 11 (16 rows less 4 lines less the group)"
# Search a socket by its local port, read from the report.
# (the local port of the 50th socket: the line after the first "port" of
# each localEndpoint)
lport=$(grep -A3 '"localEndpoint": {' leak.json | sed -n 's/^ *"port": \([0-9]*\)$/\1/p' | sed -n 50p)
"$M" --headless 110x16 --keys "6<Enter>/:$lport <Enter>" leak.json >"$TMP/screen"
expect_grep "^ +127.0.0.1:$lport -> 127.0.0.1:$port " "$TMP/screen"
expect_grep "^ Handles  [0-9]+/$((sockets + 6))  search /:$lport /" "$TMP/screen"
# The filter keeps the sockets and the group row that names the port.
"$M" --headless 110x16 --keys "6<Enter>&127.0.0.1:$port<Enter>" leak.json >"$TMP/screen"
expect_grep "^ Handles  1/$((sockets + 1))  filter /127.0.0.1:$port/" "$TMP/screen"
# Backspace from a closed group has nothing to go back to; Enter folds again.
"$M" --headless 110x16 --keys '6<Enter><Enter>' leak.json >"$TMP/screen"
expect_grep "^ Handles  1/6 " "$TMP/screen"

# Help, from the action table, over a real report; q closes it.
expect_screen help "$M" --headless 100x44 --keys '?' leak.json
# (the keys of keymaps/default.keys, each with its action)
for action in move-down move-up; do
	keys=$(sed -n "s/^bind \([^ ]*\) *$action$/\1/p" "$top_srcdir/keymaps/default.keys" | tr '\n' ' ' | sed 's/ $//')
	expect_grep "^$(printf '%s' "$keys" | sed 's/[][^$.*]/\\&/g') +$action " "$TMP/screen"
done
expect_grep "^ leak\.json › Overview › Help$" "$TMP/screen"
"$M" --headless 100x44 --keys '?q6' leak.json >"$TMP/screen"
expect_grep "^ Handles  1/6 " "$TMP/screen"

# Two reports side by side on the same pane; the diff spans both.
expect_screen two-handles "$M" --headless 140x14 --keys '6' leak.json pileup.json
expect_grep "│ pileup.json › Handles$" "$TMP/screen"
pileup=$(manifest pileup.connections)
expect_grep "^\+ tcp out 127\.0\.0\.1:$port +$sockets +$sockets +$sockets +│\+ tcp in 127\.0\.0\.1:$port +$pileup +$pileup +$pileup$" "$TMP/screen"
expect_grep "│\+ tcp listen 127\.0\.0\.1:$port +1 +1 +1 " "$TMP/screen"
expect_grep "^ leak.json ⇄ pileup.json › Diff" "$("$M" --headless 140x14 --keys '' --pane diff leak.json pileup.json >"$TMP/diff"; echo "$TMP/diff")"
# A truncated second report shows its error; the first one works.
head -c 2000 pileup.json >cut.json
expect_screen two-cut "$M" --headless 140x10 --keys '6' leak.json cut.json
expect_grep "│cut.json: .*(offset|byte|truncated)" "$TMP/screen"

# A worker's report opens as its own set of panes; Backspace comes back.
nworkers=$(grep -c '"reportVersion"' workers.json)
"$M" --headless 110x12 --keys '' --pane workers workers.json >"$TMP/screen"
expect_grep "^ Workers  1/$((nworkers - 1)) " "$TMP/screen"
"$M" --headless 110x12 --keys '<Enter>1' --pane workers workers.json >"$TMP/screen"
expect_grep "^ workers.json: workers\[0\] › Overview" "$TMP/screen"
"$M" --headless 110x12 --keys '<Enter>1<BS>' --pane workers workers.json >"$TMP/screen"
expect_grep "^ workers.json › Overview" "$TMP/screen"

# Resize at any time, below the minimum and back.
expect_screen resize "$M" --headless 110x30 --keys '6<Resize:60x12>' leak.json
expect_lines 12 "$TMP/screen"
expect_grep "^\+ tcp out 127\.0\.0\.1:$port +$sockets +$sockets +$sockets$" "$TMP/screen"
"$M" --headless 110x30 --keys '6<Resize:20x4>' leak.json >"$TMP/screen"
expect_grep "^Terminal too small$" "$TMP/screen"
"$M" --headless 110x30 --keys '6<Resize:20x4>j<Resize:80x12>' leak.json >"$TMP/screen"
expect_grep "^ Handles  2/6 " "$TMP/screen"

# No pane of any report sends a control character to the terminal.
for f in strings uncaught workers leak; do
	for k in 1 2 3 4 5 6 7 8 9 '9<Tab>' '9<Tab><Tab>'; do
		ok
		"$M" --headless 200x60 --keys "$k<Enter>" "$f.json" >"$TMP/screen" ||
			fail "$f.json, keys $k: exit $?"
		if LC_ALL=C grep -q '[[:cntrl:]]' "$TMP/screen"; then
			fail "$f.json, keys $k: control characters reach the screen"
		fi
	done
done

done_testing
