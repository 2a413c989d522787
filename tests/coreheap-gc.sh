# tests/coreheap-gc.sh: the JavaScript heap of a core taken in the middle of
# a garbage collection. gdb runs a busy node
# (tests/fixtures/coreheap/churn-heap.js), stops it in a GC and writes its
# core there:
#   - where a mark-compact has moved objects and starts updating the
#     pointers to them (MarkCompactCollector::UpdatePointersAfterEvacuation):
#     every reference to a moved object, maps included, still names its old
#     copy, whose map word is the new copy's address. The walk must step
#     over the old copies and read objects whose maps moved, the marking
#     must follow the references to the new copies;
#   - inside a scavenge (Scavenger::ScavengePage): objects the roots name
#     are moved, others are still in from-space, where live objects point:
#     from-space must be read too.
# Either way every Leak of the script's ring, its string and its Inner must
# be live, and the JS heap pane must say the core was taken during a GC.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/jsframes-lib.sh"
js_setup
if ! command -v gdb >/dev/null 2>&1; then
	skip_part "no gdb to stop node in a garbage collection"
	done_testing
fi

# take_core NAME FUNCTION NODE_FLAGS...: DIR/NAME.core, written where node
# first runs FUNCTION once its ring is made (the script raises SIGUSR2 then)
take_core() {
	name=$1 fn=$2
	shift 2
	mkdir -p "$TMP/$name"
	timeout 120 gdb -nx -batch -ex 'handle SIGUSR2 stop print nopass' -ex run \
		-ex "break $fn" -ex continue -ex "gcore $TMP/$name/$name.core" -ex kill \
		--args "$NODE_BIN" "$@" "$top_srcdir/tests/fixtures/coreheap/churn-heap.js" \
		"$TMP/$name" >"$TMP/$name/gdb.out" 2>&1 </dev/null
	[ -s "$TMP/$name/$name.core" ] && return 0
	skip_part "gdb wrote no core in $fn: $(tail -2 "$TMP/$name/gdb.out" | tr '\n' ' ')"
	return 1
}

# check NAME: the core's pane, as JSON in $TMP/NAME/jsheap.json
check() {
	expect_status 0 "$MORTEM" --exe "$NODE_BIN" --print jsheap --format json "$TMP/$1/$1.core"
	cp "$TMP/out" "$TMP/$1/jsheap.json"
	J="$TMP/$1/jsheap.json"
	ring=$("$NODE_BIN" -p "require('$TMP/$1/made.json').ring")
	ok
	[ "$(json j.live)" -gt $((3 * ring)) ] ||
		fail "$1: live objects $(json j.live), want more than $((3 * ring)) (the ring's)"
	ok
	[ "$(json j.young_missing)" = 0 ] || fail "$1: young objects missing: $(json j.young_missing)"
	# a page may still stop where a GC task had left it half made: seen once
	# in some 20 cores, never more than one page
	ok
	[ "$(json 'j.warnings.filter(w => /stops at/.test(w)).length')" -le 2 ] ||
		fail "$1: pages stopped: $(json 'j.warnings.join(" | ")')"
}
json() { "$NODE_BIN" -p "const j = require('$J'); $1"; }
saying() { json "j.warnings.filter(w => /$1/.test(w)).length"; }

if take_core compact 'v8::internal::MarkCompactCollector::UpdatePointersAfterEvacuation' \
	--expose-gc --stress-compaction; then
	check compact
	ok
	[ "$(json j.moved_copies)" -gt 1000 ] || fail "old copies stepped over: $(json j.moved_copies)"
	ok
	[ "$(json j.followed)" -gt 1000 ] || fail "references taken for new copies: $(json j.followed)"
	ok
	[ "$(saying 'taken during a garbage collection')" = 1 ] ||
		fail "the GC is not said: $(json 'j.warnings.join(" | ")')"
	expect_status 0 "$MORTEM" --exe "$NODE_BIN" --print jsheap "$TMP/compact/compact.core"
	expect_grep '^ +moved by a GC +[0-9,]+ old copies left out' "$TMP/out"
fi
if take_core scavenge 'v8::internal::Scavenger::ScavengePage' --expose-gc; then
	check scavenge
	ok
	[ "$(json j.young_live)" -gt 0 ] 2>/dev/null && [ "$(saying 'taken during a scavenge')" = 1 ] ||
		fail "young objects read in from-space: $(json j.young_live); $(json 'j.warnings.join(" | ")')"
fi
done_testing
