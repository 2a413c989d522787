# tests/headless/heap.sh: the heap panes, headless, on the committed pair of
# snapshots of one process (tests/fixtures/heap/make-pair.js). Counts come
# from the fixture's manifest.json, names of the retaining chain from the
# script that made it.
. "${top_srcdir:-.}/tests/lib.sh"
SCREEN_DIR="$top_srcdir/tests/headless/screens/heap"
. "$top_srcdir/tests/headless/lib.sh"
M=$MORTEM
H="$FIX/heap"

cd "$TMP" || exit 1
cp "$H/pair-1.heapsnapshot.gz" one.heapsnapshot.gz
cp "$H/pair-2.heapsnapshot.gz" two.heapsnapshot.gz
cp "$H/other-process.heapsnapshot.gz" other.heapsnapshot.gz

# manifest KEY CLASS: a count from the manifest.
manifest() {
	sed -n "/\"$1\": {/,/}/p" "$H/manifest.json" | sed -n "s/^ *\"$2\": \([0-9]*\),\{0,1\}$/\1/p"
}
classes=$(sed -n '/"new": {/,/}/p' "$H/manifest.json" | sed -n 's/^ *"\(Mortem[A-Za-z]*\)": .*/\1/p')
# The class that grew most: largest new - deleted.
grew= best=-1
for c in $classes; do
	d=$(( $(manifest new "$c") - $(manifest deleted "$c") ))
	[ "$d" -gt "$best" ] && best=$d grew=$c
done
shrank= worst=1
for c in $classes; do
	d=$(( $(manifest new "$c") - $(manifest deleted "$c") ))
	[ "$d" -lt "$worst" ] && worst=$d shrank=$c
done
# What holds its objects: make(Class, n, keep.<list>) and globalThis.<name> = keep.
list=$(sed -n "s/^make($grew, [0-9]*, keep\.\([a-z]*\));$/\1/p" "$H/make-pair.js" | head -n 1)
global=$(sed -n 's/^globalThis\.\([A-Za-z]*\) = keep;$/\1/p' "$H/make-pair.js")
ok; [ -n "$grew" ] && [ -n "$list" ] && [ -n "$global" ] ||
	fail "manifest or make-pair.js not understood: '$grew' '$list' '$global'"

# Two snapshots open on Comparison; the class that grew most leads, and
# internal classes are folded, as the header says.
expect_screen comparison "$M" --headless 120x40 --keys '' one.heapsnapshot.gz two.heapsnapshot.gz
expect_grep "^ 1 Comparison  2 Growth  3 Series  4 Summary  5 Dominators  6 Statistics" "$TMP/screen"
row1=$(sed -n '5p' "$TMP/screen")
ok; echo "$row1" | grep -Eq "^$grew +$(commas "$(manifest new "$grew")") +$(manifest deleted "$grew") +\+$(commas "$best") " ||
	fail "first row of Comparison is '$row1', want $grew"
expect_grep "internal classes folded into \(internal\)" "$TMP/screen"
expect_grep "^\+ \(internal\) " "$TMP/screen"
expect_no_grep "^\(string\) " "$TMP/screen"
# i lists them as DevTools does, and the header says so.
"$M" --headless 120x60 --keys 'i' one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "all classes, as DevTools lists them" "$TMP/screen"
expect_no_grep "^\+ \(internal\) " "$TMP/screen"
expect_grep "^\(compiled code\) " "$TMP/screen"
# Enter on (internal) unfolds it in place.
"$M" --headless 120x60 --keys 'G<Enter>' one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "^- \(internal\) " "$TMP/screen"
expect_grep "^  \(compiled code\) " "$TMP/screen"

# The proof: the class's row says what holds its new objects; three keys
# from launch reach the retainers of one of them, the chain opened up to
# the global that holds it.
"$M" --headless 120x30 one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "^$grew +$(commas "$(manifest new "$grew")") .* global\\.$global\\.$list\\[\\]\$" "$TMP/screen"
buf=$(sed -n "/^class $grew {/,/^}/s/.* this\.\([a-z]*\) = Buffer\.alloc(.*/\1/p" "$H/make-pair.js")
expect_grep "^Buffer +.* $grew\\.$buf\$" "$TMP/screen"
# Enter: the holders of its new objects, the first group's objects below.
expect_screen holders "$M" --headless 120x30 --keys '<Enter>' one.heapsnapshot.gz two.heapsnapshot.gz
expect_grep "^global\\.$global\\.$list\\[\\] +$(commas "$(manifest new "$grew")") +100\\.0% " "$TMP/screen"
expect_grep "^\\(every new object\\) +$(commas "$(manifest new "$grew")")\$" "$TMP/screen"
expect_screen retainers "$M" --headless 120x30 --keys '<Enter><Enter><Enter>' one.heapsnapshot.gz two.heapsnapshot.gz
expect_grep "^Retainers of $grew @[0-9]+ " "$TMP/screen"
expect_grep "^- \[[0-9]+\] in Array @[0-9]+ +[0-9]+ " "$TMP/screen"
expect_grep "^  - \.$list in Object @[0-9]+ " "$TMP/screen"
expect_grep "^    \+ \.$global in global @[0-9]+ +1 " "$TMP/screen"
# One key before, the list of its new objects, the same chain under it.
"$M" --headless 120x40 --keys '<Enter><Enter>' one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "^global\\.$global\\.$list\\[\\]: $(commas "$(manifest new "$grew")") new objects held this way, in two.heapsnapshot.gz" "$TMP/screen"
expect_grep "^ global\\.$global\\.$list\\[\\]  1/$(manifest new "$grew") " "$TMP/screen"
expect_grep "^    \+ \.$global in global @" "$TMP/screen"
# x: the deleted ones of the class that shrank, from the base.
"$M" --headless 120x20 --keys "&^$shrank\$<Enter><Enter><Enter>x" one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "^$shrank: $(commas "$(manifest deleted "$shrank")") deleted objects, in one.heapsnapshot.gz" "$TMP/screen"
# X swaps base and target: what shrank now grew.
"$M" --headless 120x20 --keys 'X' one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "  ·  base two.heapsnapshot.gz → target one.heapsnapshot.gz" "$TMP/screen"
expect_grep "^$shrank +$(commas "$(manifest deleted "$shrank")") +0 " "$TMP/screen"
# s sorts by the next column, descending for numbers.
"$M" --headless 120x20 --keys 'ss' one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "^Class +# New▼ " "$TMP/screen"

# A cycle is marked: the chain through the script's context variable (const
# keep) reaches the class, its prototype, and the object itself again.
ctx=$(sed -n 's/^const \([a-z]*\) = { alpha: \[\].*/\1/p' "$H/make-pair.js")
"$M" --headless 120x40 --keys "<Enter><Enter><Enter>/->$ctx<Enter><Enter>/\\{context\\}<Enter><Enter>/\\.constructor<Enter><Enter>" \
	one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
id=$(sed -n "s/^Retainers of $grew @\([0-9]*\) .*/\1/p" "$TMP/screen")
expect_grep "^ +\.__proto__ in $grew @$id  \(cycle\) " "$TMP/screen"

# Retainers: weak edges shown on W; I ignores a retainer and distances are
# computed again ("ignored"); R forgets it.
"$M" --headless 120x20 --keys '<Enter><Enter><Enter>W' one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "weak edges shown" "$TMP/screen"
"$M" --headless 120x20 --keys '<Enter><Enter><Enter>I' one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "1 retainer ignored" "$TMP/screen"
expect_grep "in Array @[0-9]+ +ignored " "$TMP/screen"
"$M" --headless 120x20 --keys '<Enter><Enter><Enter>IR' one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_no_grep "ignored" "$TMP/screen"
# Ignored in the full pane, seen in the list's pane below it on the way back.
"$M" --headless 120x40 --keys '<Enter><Enter><Enter>I<BS>' one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "in Array @[0-9]+ +ignored " "$TMP/screen"
# o: the dominator chain of the object, up to the root.
"$M" --headless 120x20 --keys '<Enter><Enter>o' one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "› Dominators$" "$TMP/screen"
expect_grep "^$grew @[0-9]+ +object " "$TMP/screen"

# Summary: counts as the manifest says, largest retained first; a keeps the
# objects allocated between the snapshots (on the later one).
expect_screen summary "$M" --headless 120x30 --keys '4' one.heapsnapshot.gz two.heapsnapshot.gz
expect_grep "^\+ global +×[0-9]+ +1 " "$TMP/screen"
"$M" --headless 120x30 --keys '4&^Mortem<Enter>' one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
for c in $classes; do
	n=$(manifest first "$c")
	[ "$n" -gt 0 ] && expect_grep "^\+ $c +×$(commas "$n") " "$TMP/screen"
done
"$M" --headless 120x30 --keys '4wa' one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/screen"
expect_grep "│objects allocated between the snapshots" "$TMP/screen"
for c in $classes; do
	n=$(manifest new "$c")
	if [ "$n" -gt 0 ]; then
		expect_grep "│\+ $c +×$(commas "$n") " "$TMP/screen"
	else
		expect_no_grep "│\+ $c " "$TMP/screen"
	fi
done
# Enter on a class: its objects, what the first holds (edges with
# previews) and its retainers under the list.
expect_screen summary-retainers "$M" --headless 120x40 --keys "&^$grew\$<Enter><Enter>" two.heapsnapshot.gz
expect_grep "^ two.heapsnapshot.gz › Summary › $grew$" "$TMP/screen"
expect_grep "^$grew: $(commas "$(manifest second "$grew")") objects" "$TMP/screen"
expect_grep "^    \+ \.$global in global @" "$TMP/screen"
"$M" --headless 120x40 --keys "&^MortemAlpha\$<Enter><Enter><Enter>" one.heapsnapshot.gz >"$TMP/screen"
expect_grep '^  \.label +"alpha-[0-9]+" @[0-9]+ ' "$TMP/screen"
# jump-id: @ and an id opens that object.
id=$(sed -n 's/^(this object) *MortemAlpha @\([0-9]*\) .*/\1/p' "$TMP/screen" | head -n 1)
"$M" --headless 120x40 --keys "@$id<Enter>" one.heapsnapshot.gz >"$TMP/screen"
expect_grep "^\(this object\) +MortemAlpha @$id " "$TMP/screen"
"$M" --headless 120x40 --keys "@999999999<Enter>" one.heapsnapshot.gz >"$TMP/screen"
expect_grep "no object with id 999999999" "$TMP/screen"
# Strings searched by regex: the labels "alpha-N" of the MortemAlpha objects
# (make-pair.js), one string each.
"$M" --headless 100x10 --keys '&^\(string\)$<Enter><Enter>&^alpha-[0-9]+ @<Enter>' one.heapsnapshot.gz >"$TMP/screen"
expect_grep "^ \(string\)  1/$(manifest first MortemAlpha)  filter " "$TMP/screen"

# Dominators and Statistics.
# (the totals are heap-snapshot-toolkit's, tests/fixtures/heap/expected-statistics-1.json)
stat() { sed -n "/\"$1\": {/,/}/p" "$H/expected-statistics-1.json" | sed -n "s/^ *\"$2\": \([0-9]*\),\{0,1\}$/\1/p" | head -n 1; }
total=$(sed -n 's/^ "total": \([0-9]*\),$/\1/p' "$H/expected-statistics-1.json")
expect_screen dominators "$M" --headless 120x30 --keys '5' one.heapsnapshot.gz two.heapsnapshot.gz
expect_grep "^- \(root\) @1 +- +0 +$(commas "$total") 100\.0%│" "$TMP/screen"
expect_screen statistics "$M" --headless 120x14 --keys '6' one.heapsnapshot.gz two.heapsnapshot.gz
expect_grep "^Total +$(commas "$total") .* \[\|+100\.0%\]$" "$TMP/screen"
expect_grep "^  V8 heap +$(commas "$(stat v8heap total)") " "$TMP/screen"
expect_grep "^  Code +$(commas "$(stat v8heap code)") " "$TMP/screen"
expect_grep "^  Strings +$(commas "$(stat v8heap strings)") " "$TMP/screen"
expect_grep "^  JS arrays +$(commas "$(stat v8heap jsArrays)") " "$TMP/screen"
expect_grep "^  Typed arrays +$(commas "$(stat native typedArrays)") " "$TMP/screen"
expect_grep "^  System objects +$(commas "$(stat v8heap system)") " "$TMP/screen"
expect_grep "^  Native +$(commas "$(stat native total)") " "$TMP/screen"

# Snapshots of two processes: a warning stands at the top.
"$M" --headless 120x10 --keys '' one.heapsnapshot.gz other.heapsnapshot.gz >"$TMP/screen"
expect_grep "^WARNING: these snapshots cannot come from one process" "$TMP/screen"

# Seeded random keys over every heap pane (the sanitizer build catches
# what a screen would not show): each run must end cleanly.
set -- j k G g '<Enter>' '<BS>' '<Tab>' 1 2 3 4 s S i x a X W I R o w '/' '&' n '<Esc>' @ 5 0 v
for seed in 1 2 3 4 5 6 7 8; do
	x=$seed seq=
	for n in $(seq 1 30); do
		x=$(( (x * 1103515245 + 12345) % 2147483648 ))
		eval k=\${$(( x / 65536 % $# + 1 ))}
		seq="$seq$k"
	done
	expect_status 0 "$M" --headless 80x16 --keys "$seq" one.heapsnapshot.gz two.heapsnapshot.gz
done

# --print compare prints the pane's rows: internal classes folded, and
# DevTools' whole table with --show-internal.
"$M" --print compare one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/out"
expect_grep "^\+ \(internal\) " "$TMP/out"
expect_no_grep "^\(compiled code\) " "$TMP/out"
"$M" --print compare --show-internal one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/out"
expect_grep "^\(compiled code\) " "$TMP/out"
done_testing
