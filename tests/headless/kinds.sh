# tests/headless/kinds.sh: the UI over every kind of artifact: heap
# snapshots (one, two compared), an ELF core, and a report beside a core.
# Values come from the fixtures' own manifests.
. "${top_srcdir:-.}/tests/lib.sh"
SCREEN_DIR="$top_srcdir/tests/headless/screens/kinds"
. "$top_srcdir/tests/headless/lib.sh"
M=$MORTEM
H="$FIX/heap"
C="$FIX/cores"

cd "$TMP" || exit 1
# manifest KEY CLASS: a count from the heap fixtures' manifest.json.
manifest() {
	sed -n "/\"$1\": {/,/}/p" "$H/manifest.json" | sed -n "s/^ *\"$2\": \([0-9]*\),\{0,1\}$/\1/p"
}
cp "$H/pair-1.heapsnapshot.gz" one.heapsnapshot.gz
cp "$H/pair-2.heapsnapshot.gz" two.heapsnapshot.gz

# A snapshot opens on its classes, counted as the manifest says.
"$M" --headless 120x30 --keys '' one.heapsnapshot.gz >"$TMP/screen"
expect_grep "^ 1 Summary  2 Dominators  3 Statistics" "$TMP/screen"
for cls in MortemAlpha MortemBeta; do
	expect_grep "^\+ $cls +×$(commas "$(manifest first $cls)") " "$TMP/screen"
done
# Search and filter work on its rows.
"$M" --headless 120x30 --keys '/MortemBeta<Enter>' one.heapsnapshot.gz >"$TMP/screen"
expect_grep "^ Summary  [0-9]+/[0-9]+  search /MortemBeta/" "$TMP/screen"
"$M" --headless 120x30 --keys '&^Mortem<Enter>' one.heapsnapshot.gz >"$TMP/screen"
present=$(sed -n '/"first": {/,/}/p' "$H/manifest.json" | grep -c '": [1-9]')
expect_grep "^ Summary  1/$present  filter /\^Mortem/" "$TMP/screen"

# Two snapshots: the comparison spans both, as new and deleted say.
"$M" --headless 140x24 --keys '' --pane comparison one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "^ one.heapsnapshot.gz ⇄ two.heapsnapshot.gz › Comparison" "$TMP/screen"
expect_grep "^MortemGamma +$(commas "$(manifest new MortemGamma)") +$(manifest deleted MortemGamma) " "$TMP/screen"
# ... and the other panes show both side by side.
"$M" --headless 140x24 --keys '' --pane summary one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "│ two.heapsnapshot.gz › Summary$" "$TMP/screen"

# A core: the verdict names the signal the crash really got.
signal=$(sed -n 's/^signal //p' "$C/crash-segv.expect")
addr=$(sed -n 's/^addr //p' "$C/crash-segv.expect")
cp "$C/crash-segv.core.gz" segv.core.gz
"$M" --headless 120x20 --keys '' segv.core.gz >"$TMP/screen"
expect_grep "^Signal +$signal SIGSEGV$" "$TMP/screen"
expect_grep "^Fault address +$addr$" "$TMP/screen"

# A report beside a core: each side keeps its own panes; digits pick the
# panes of the side that has the keyboard. (The core's program, for its
# symbols: the core names /tmp/mortem-cores/crash, which only the machine
# that made the fixtures has.)
gzip -dc "$FIX/reports/leak.json.gz" >leak.json
gzip -dc "$C/crash.gz" >crash
chmod +x crash
expect_screen report-core "$M" --exe crash --headless 140x10 --keys '2' leak.json segv.core.gz
expect_grep "│ segv\.core\.gz › Overview$" "$TMP/screen"
expect_no_grep "pane in this file" "$TMP/screen"
# (the report's leak, from its manifest: the count of sockets, the first fd)
sockets=$(sed -n 's/^leak\.sockets=//p' "$FIX/reports/manifest.txt")
expect_grep "^critical connection-leak connection leak: $sockets tcp connections open t" "$TMP/screen"
fd=$(awk '/"type": "tcp"/ { tcp = 1 } tcp && /"fd": / { gsub(/[^0-9]/, ""); print; exit }' leak.json)
expect_grep "^ +tcp fd $fd 127\.0\.0\.1:[0-9]+ -> 127\.0\.0\.1:" "$TMP/screen"
"$M" --headless 140x10 --keys '' leak.json segv.core.gz >"$TMP/screen"
expect_grep "│Signal +$signal SIGSEGV$" "$TMP/screen"

done_testing
