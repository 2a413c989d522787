# tests/headless/columns.sh: columns sized by their content (views/columns.c),
# rows that do not fit scrolled sideways, meter bars in text, two files of
# different kinds side by side, and Ctrl-Z without a terminal. On every pane
# of every kind at 80, 120 and 200 columns, alone and side by side: no line
# is wider than the screen and no number is cut.
. "${top_srcdir:-.}/tests/lib.sh"
SCREEN_DIR="$top_srcdir/tests/headless/screens/columns"
. "$top_srcdir/tests/headless/lib.sh"
M=$MORTEM
H="$FIX/heap"

cd "$TMP" || exit 1
gzip -dc "$FIX/reports/leak.json.gz" >leak.json
gzip -dc "$FIX/reports/pileup.json.gz" >pileup.json
cp "$H/pair-1.heapsnapshot.gz" one.heapsnapshot.gz
cp "$H/pair-2.heapsnapshot.gz" two.heapsnapshot.gz
cp "$FIX/cores/crash-segv.core.gz" segv.core.gz
cp "$FIX/cores/crash-abort.core.gz" abort.core.gz
gzip -dc "$FIX/cores/crash.gz" >crash
chmod +x crash
port=$(sed -n 's/^leak.port=//p' "$FIX/reports/manifest.txt")

# screen_ok WHAT WIDTH: the last screen has no line wider than WIDTH and no
# number cut: a count with its commas or a signed delta ending in …, like
# +1,950,0… (text cut in a text column, an address, is fine; that the
# layout never cuts a number column is tests/unit/test_columns.c's).
cut_number='(^|[ │])([+-][0-9][0-9,]*|[0-9]{1,3}(,[0-9]{0,3})+)…'
screen_ok() {
	ok
	wide=$(wc -L <"$TMP/screen")
	[ "$wide" -le "$2" ] || fail "$1: a line of $wide columns on a screen of $2"
	ok
	if grep -Eq "$cut_number" "$TMP/screen"; then
		fail "$1: a number is cut:"
		grep -E "$cut_number" "$TMP/screen" >&2
	fi
}

# Every tab of each kind, on one file and beside a second one.
panes() { "$M" --list-panes | awk -F '\t' -v k="$1" '$1 == k && $4 !~ /not a tab/ { print $2 }'; }
for width in 80 120 200; do
	for kind in report snapshot core; do
		case $kind in
		report) one=leak.json two=pileup.json opt= ;;
		snapshot) one=one.heapsnapshot.gz two=two.heapsnapshot.gz opt= ;;
		core) one=segv.core.gz two=abort.core.gz opt="--exe crash" ;;
		esac
		for pane in $(panes $kind); do
			# shellcheck disable=SC2086
			if "$M" $opt --headless "${width}x30" --keys '' --pane "$pane" "$one" \
				>"$TMP/screen" 2>/dev/null; then
				screen_ok "$kind $pane at $width" "$width"
			fi
			# shellcheck disable=SC2086
			"$M" $opt --headless "${width}x30" --keys '' --pane "$pane" "$one" "$two" \
				>"$TMP/screen" 2>/dev/null
			screen_ok "$kind $pane beside a second file at $width" "$width"
		done
	done
done

# The Comparison at 80 columns: the Class column is cut, never a number:
# every delta of the first rows, as --print writes it, is on the screen.
"$M" --print comparison one.heapsnapshot.gz two.heapsnapshot.gz >"$TMP/print"
expect_screen comparison-80 "$M" --headless 80x14 --keys '' --pane comparison \
	one.heapsnapshot.gz two.heapsnapshot.gz
for cls in MortemGamma Buffer MortemBeta; do
	delta=$(awk -v c="$cls" '$1 == c { print $7; exit }' "$TMP/print")
	expect_grep "^$cls +.* $(printf '%s' "$delta" | sed 's/+/\\+/')( |$)" "$TMP/screen"
done
# ... and at 200, the Class column does not take what the numbers need.
"$M" --headless 200x14 --keys '' --pane comparison one.heapsnapshot.gz two.heapsnapshot.gz \
	>"$TMP/screen"
expect_grep "^Class +# New +# Deleted +# Delta +Alloc\. Size +Freed Size +Size Delta " "$TMP/screen"

# Two reports side by side at 80 columns: Handles shows each endpoint
# whole (the counts that no longer fit are a scroll away); the file line
# cuts the directory, never the file's name.
mkdir -p a-long-directory-name/and-another-one-below-it
cp leak.json a-long-directory-name/and-another-one-below-it/leak-of-the-day.json
expect_screen two-handles-80 "$M" --headless 80x12 --keys '6' \
	a-long-directory-name/and-another-one-below-it/leak-of-the-day.json pileup.json
expect_grep "^ …/leak-of-the-day\.json › Handles +│" "$TMP/screen"
expect_grep "^\+ tcp out 127\.0\.0\.1:$port +300 " "$TMP/screen"
expect_grep "│\+ tcp in 127\.0\.0\.1:$port +300" "$TMP/screen"
expect_grep "│\+ tcp listen 127\.0\.0\.1:$port +1" "$TMP/screen"
"$M" --headless 120x12 --keys '6' \
	a-long-directory-name/and-another-one-below-it/leak-of-the-day.json pileup.json >"$TMP/screen"
expect_grep "^ …/and-another-one-below-it/leak-of-the-day\.json › Handles +│" "$TMP/screen"
# Open, the group's sockets show both ends.
"$M" --headless 80x12 --keys '6<Enter>' leak.json pileup.json >"$TMP/screen"
expect_grep "^  127\.0\.0\.1:[0-9]+ -> 127\.0\.0\.1:$port *│" "$TMP/screen"

# The Diff: a and b are not cut to 20 when the screen has room.
# (the command line's first three words and the start of the fourth)
cmd=$(sed -n '/"commandLine": \[/,/\]/p' leak.json | sed -n 's/^ *"\(.*\)",\{0,1\}$/\1/p' |
	head -n 4 | tr '\n' ' ' | cut -c1-40 | sed 's/[.[*^$]/\\&/g')
"$M" --headless 160x40 --keys '' --pane diff leak.json pileup.json >"$TMP/screen"
expect_grep "^header +commandLine +$cmd" "$TMP/screen"
# Help at 160 cuts no description; at 80 the rest is a scroll away.
"$M" --headless 160x90 --keys '?' leak.json >"$TMP/screen"
expect_no_grep "…" "$TMP/screen"
expect_grep "^<Enter> l +enter +Expand or collapse the row, or open what it points to$" "$TMP/screen"

# Sideways: → and zl show what is cut on the right, ← and zh come back.
"$M" --headless 80x20 --keys '?' leak.json >"$TMP/screen"
expect_grep "^<Enter> l +enter +Expand or collapse the row, or open w.*…$" "$TMP/screen"
expect_grep "^ Help  1/[0-9]+  ←0 →[1-9][0-9]* " "$TMP/screen"
hidden=$(sed -n 's/^ Help  1\/[0-9]*  ←0 →\([0-9]*\) .*/\1/p' "$TMP/screen")
"$M" --headless 80x20 --keys '?<Right>' leak.json >"$TMP/screen"
expect_grep "row, or open what it points to$" "$TMP/screen"
expect_grep "^ Help  1/[0-9]+  ←[1-9][0-9]* →[0-9]+ " "$TMP/screen"
"$M" --headless 80x20 --keys '?zlzlzlzl' leak.json >"$TMP/screen"
expect_grep "^ Help  1/[0-9]+  ←$hidden →0 " "$TMP/screen"
expect_grep "row, or open what it points to$" "$TMP/screen"
"$M" --headless 80x20 --keys '?zl<Left>' leak.json >"$TMP/screen"
expect_grep "^ Help  1/[0-9]+  ←0 →$hidden " "$TMP/screen"
"$M" --headless 80x20 --keys '?<Right><Right>zh<Left>' leak.json >"$TMP/screen"
expect_grep "^ Help  1/[0-9]+  ←0 →$hidden " "$TMP/screen"
expect_screen sideways "$M" --headless 80x20 --keys '?<Right>' leak.json
# A number column comes whole or not at all: the Comparison scrolled.
"$M" --headless 80x14 --keys '<Right>' --pane comparison one.heapsnapshot.gz two.heapsnapshot.gz \
	>"$TMP/screen"
screen_ok "comparison scrolled" 80
expect_grep "^ +# Delta +Alloc\. Size +Freed Size +Size Delta +Held by$" "$TMP/screen"
# Where everything fits there is nothing to scroll; a key that is not
# bound after z says so.
"$M" --headless 200x20 --keys '6<Right>' leak.json >"$TMP/screen"
expect_grep "^ the rows fit: nothing to scroll sideways" "$TMP/screen"
"$M" --headless 100x20 --keys 'zq' leak.json >"$TMP/screen"
expect_grep "^ zq does nothing; \? lists the keys" "$TMP/screen"
# The bindings are in the help pane.
"$M" --headless 100x30 --keys '?' leak.json >"$TMP/screen"
expect_grep "^<Right> zl +scroll-right " "$TMP/screen"
expect_grep "^<Left> zh +scroll-left " "$TMP/screen"

# Meter bars are characters: under NO_COLOR (set by lib.sh), in the UI and
# in --print, as many bars as the share of used against capacity.
expect_screen heapspaces "$M" --headless 110x16 --keys '5' leak.json
# (old_space: used and capacity from the report)
used=$(sed -n '/"old_space": {/,/}/p' leak.json | sed -n 's/^ *"used": \([0-9]*\),\{0,1\}$/\1/p')
cap=$(sed -n '/"old_space": {/,/}/p' leak.json | sed -n 's/^ *"capacity": \([0-9]*\),\{0,1\}$/\1/p')
pct=$(( (used * 100 + cap / 2) / cap ))
expect_grep "^old_space .* \[\|+ *$pct%\]$" "$TMP/screen"
for line in $(sed -n 's/^[a-z_]*space .* \[\(.*\)\]$/\1/p' "$TMP/screen" | tr ' ' '_'); do
	ok
	bars=$(printf '%s' "$line" | tr -cd '|' | wc -c)
	inner=${#line}
	share=$(printf '%s' "$line" | sed 's/^[|_]*\([0-9]*\)%$/\1/')
	want=$(( (share * inner + 50) / 100 ))
	label=$(( ${#share} + 1 ))
	[ "$want" -le $((inner - label)) ] || want=$((inner - label))
	[ "$share" -eq 0 ] || [ "$want" -gt 0 ] || want=1
	d=$((bars - want))
	if [ "$d" -lt -1 ] || [ "$d" -gt 1 ]; then
		fail "meter [$line]: $bars bars for $share%, want $want"
	fi
done
"$M" --print heapspaces leak.json >"$TMP/print"
expect_grep "^old_space .* \[\|+ *$pct%\]$" "$TMP/print"
# Statistics' meters stay in the pane, 100 % included.
for width in 60 80 120; do
	"$M" --headless "${width}x14" --keys '' --pane statistics one.heapsnapshot.gz >"$TMP/screen"
	screen_ok "statistics at $width" "$width"
	expect_grep "^Total +[0-9,]+ .* \[\|+100\.0%\]$" "$TMP/screen"
done

# Two files of different kinds: each side keeps its own panes; the tab line
# is that of the side with the keyboard, and digits pick its panes.
expect_screen report-snapshot "$M" --headless 120x10 --keys '' leak.json one.heapsnapshot.gz
expect_grep "^ 1 Overview  2 Triage " "$TMP/screen"
expect_grep "│ one\.heapsnapshot\.gz › Summary$" "$TMP/screen"
expect_no_grep "no Overview pane" "$TMP/screen"
"$M" --headless 120x10 --keys 'w' leak.json one.heapsnapshot.gz >"$TMP/screen"
expect_grep "^ 1 Summary  2 Dominators  3 Statistics$" "$TMP/screen"
"$M" --headless 120x10 --keys 'w3' leak.json one.heapsnapshot.gz >"$TMP/screen"
expect_grep "^ leak\.json › Overview +│ one\.heapsnapshot\.gz › Statistics$" "$TMP/screen"
"$M" --headless 120x10 --keys 'w3w6' leak.json one.heapsnapshot.gz >"$TMP/screen"
expect_grep "^ 1 Overview  2 Triage " "$TMP/screen"
expect_grep "^ leak\.json › Handles +│ one\.heapsnapshot\.gz › Statistics$" "$TMP/screen"
"$M" --headless 120x10 --keys 'w<Tab>' leak.json one.heapsnapshot.gz >"$TMP/screen"
expect_grep "│ one\.heapsnapshot\.gz › Dominators$" "$TMP/screen"
# --pane picks the pane on the side that has it.
"$M" --headless 120x10 --keys '' --pane statistics leak.json one.heapsnapshot.gz >"$TMP/screen"
expect_grep "^ leak\.json › Overview +│ one\.heapsnapshot\.gz › Statistics$" "$TMP/screen"
# Two of one kind still show the same pane on both.
"$M" --headless 120x10 --keys 'w6' leak.json pileup.json >"$TMP/screen"
expect_grep "^ leak\.json › Handles +│ pileup\.json › Handles$" "$TMP/screen"

# Ctrl-Z without a terminal says so (tests/tmux/terminal.sh suspends).
"$M" --headless 100x12 --keys '<C-z>' leak.json >"$TMP/screen"
expect_grep "^ suspend: only on a terminal" "$TMP/screen"

done_testing
