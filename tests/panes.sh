# tests/panes.sh: every pane has one implementation: `--print PANE` (text)
# prints exactly the rows the UI draws for it, in the same order, under the
# same column titles. For every tab of every kind (from --list-panes), on a
# real artifact of that kind, the printed header and rows (spaces collapsed)
# must appear in order on the headless screen of that pane at a wide size.
. "$(dirname "$0")/lib.sh"
REPORT="$top_srcdir/samples/report-leak.json"
REPORT2="$top_srcdir/samples/report-pileup.json"
SNAP="$FIX/heap/pair-1.heapsnapshot.gz"
SNAP2="$FIX/heap/pair-2.heapsnapshot.gz"
CORE="$FIX/cores/crash-segv.core.gz"
ROWS=40

# squeeze FILE: each line with runs of blanks as one space, trimmed.
squeeze() { sed -e 's/[[:space:]][[:space:]]*/ /g' -e 's/^ //' -e 's/ $//' "$1"; }

# in_order PRINTED SCREEN: every line of PRINTED is a line of SCREEN, in
# order; a cell the terminal cut (ending in …) matches what it cut.
in_order() {
	awk 'function pattern(s,   r) {
		r = s
		gsub(/[][\\.^$*+?(){}|\/]/, "\\\\&", r)
		gsub(/…/, ".*", r)
		return "^" r "$"
	     }
	     NR == FNR { want[++n] = $0; next }
	     { got[++m] = $0; pat[m] = pattern($0) }
	     END {
		j = 1
		for (i = 1; i <= n; i++) {
			while (j <= m && got[j] != want[i] && !(got[j] ~ /…/ && want[i] ~ pat[j]))
				j++
			if (j > m) { print "missing: " want[i]; exit 1 }
			j++
		}
	     }' "$1" "$2"
}

# check KIND PANE [--keys KEYS] FILE...: the pane printed, and on the
# screen (a tab by its name; a pane reached by keys, with those keys).
check() {
	kind=$1 pane=$2; shift 2
	ok
	if [ "$1" = --keys ]; then
		keys=$2 id=$3; shift 3
		printed="--print $pane --id $id"
		ui="--keys $keys"
	else
		printed="--print $pane" ui="--pane $pane"
	fi
	# shellcheck disable=SC2086
	if ! "$MORTEM" $printed "$@" >"$TMP/print.txt" 2>"$TMP/print.err"; then
		fail "$kind $pane: --print failed: $(head -c 300 "$TMP/print.err")"
		return
	fi
	# shellcheck disable=SC2086
	"$MORTEM" --headless 250x$((ROWS + 8)) $ui "$@" >"$TMP/screen.txt" 2>/dev/null
	# the header and the rows a screen of ROWS lines shows, without the
	# banner (drawn above the list) and the blank line after it
	awk 'NR == 1 && NF && !/^[[:space:]]*$/ { first = $0 }
	     { line[NR] = $0 }
	     END {
		start = 1
		if (NR > 2 && line[2] == "") start = 3
		for (i = start; i <= NR && i < start + '"${SHOWN:-$ROWS}"'; i++) print line[i]
	     }' "$TMP/print.txt" >"$TMP/rows.txt"
	squeeze "$TMP/rows.txt" >"$TMP/want.txt"
	squeeze "$TMP/screen.txt" >"$TMP/got.txt"
	if ! in_order "$TMP/want.txt" "$TMP/got.txt" >"$TMP/why.txt"; then
		fail "$kind $pane: --print and the screen differ: $(cat "$TMP/why.txt")"
		head -12 "$TMP/screen.txt" >&2
	fi
}

"$MORTEM" --list-panes >"$TMP/panes.txt"
while IFS='	' read -r kind pane title note; do
	case $note in *"not a tab"*) continue ;; esac
	case $kind in
	report) if [ "$pane" = diff ]; then check "$kind" "$pane" "$REPORT" "$REPORT2"
		else check "$kind" "$pane" "$REPORT"; fi ;;
	snapshot) if [ "$pane" = comparison ] || [ "$pane" = growth ] || [ "$pane" = series ]; then check "$kind" "$pane" "$SNAP" "$SNAP2"
		  else check "$kind" "$pane" "$SNAP"; fi ;;
	core) check "$kind" "$pane" "$CORE" ;;
	esac
done <"$TMP/panes.txt"
# Panes reached by keys: an object by its id (6161, in pair-2), its
# dominator chain (o); the objects of the Summary's fourth class and, below
# them, the retainers of the first (as many rows as the screen has room for).
check snapshot object --keys '@6161<Enter>' 6161 "$SNAP2"
check snapshot dominators --keys '@6161<Enter>o' 6161 "$SNAP2"
# (the fourth row's class index: `index` in the summary's JSON, whose rows
# come in the same order)
class=$("$MORTEM" --print summary "$SNAP2" | sed -n 5p | sed 's/^+ //; s/  *×.*//')
i=$("$MORTEM" --print summary --format json "$SNAP2" |
	sed -n 's/^[[:space:]]*"index":[[:space:]]*\([0-9]*\),$/\1/p' | sed -n 4p)
expect_status 0 "$MORTEM" --print instances --id "${i:-x}" "$SNAP2"
ok
case $(head -n 1 "$TMP/out") in "$class: "*) ;; *) fail "class $i is not $class: $(head -n 1 "$TMP/out")" ;; esac
# --class NAME gives the same objects (the largest class of that name: the
# first of them in the Summary, which is by retained size)
cp "$TMP/out" "$TMP/by-index"
expect_status 0 "$MORTEM" --print instances --class "$class" "$SNAP2"
ok
cmp -s "$TMP/out" "$TMP/by-index" || fail "--class '$class' and --id $i list different objects"
# in JSON: a {node} a row, as many as the banner says, ids as --id takes them
"$MORTEM" --print instances --class "$class" --format json "$SNAP2" >"$TMP/inst.json"
n=$(head -n 1 "$TMP/by-index" | sed 's/^.*: \([0-9,]*\) objects\{0,1\}$/\1/' | tr -d ,)
ok
[ "$(grep -c '"self_size":' "$TMP/inst.json")" = "${n:-x}" ] ||
	fail "instances JSON: $(grep -c '"self_size":' "$TMP/inst.json") objects, the banner says ${n:-?}"
id=$(sed -n 's/^[[:space:]]*"id":[[:space:]]*\([0-9]*\),$/\1/p' "$TMP/inst.json" | head -n 1)
expect_status 0 "$MORTEM" --print object --id "${id:-x}" "$SNAP2"
expect_status 2 "$MORTEM" --print instances --class 'No such class' "$SNAP2"
expect_grep "no class named 'No such class'" "$TMP/err"
SHOWN=12 check snapshot instances --keys 'jjj<Enter>' $i "$SNAP2"
first=$("$MORTEM" --print instances --id $i "$SNAP2" | sed -n 4p | grep -o '@[0-9]*' | tr -d @)
check snapshot retainers --keys 'jjj<Enter>' "$first" "$SNAP2"
# every kind was checked
for k in report snapshot core; do
	expect_grep "^$k	" "$TMP/panes.txt"
done
done_testing
