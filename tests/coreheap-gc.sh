# tests/coreheap-gc.sh: the JavaScript heap of a core taken in the middle of
# a garbage collection. gdb stops a busy node
# (tests/fixtures/coreheap/churn-heap.js) where a mark-compact has moved
# objects and starts updating the pointers to them
# (MarkCompactCollector::UpdatePointersAfterEvacuation), and writes the
# core there: every reference to a moved object, maps included, still
# names its old copy, whose map word is the new copy's address. The walk
# must step over the old copies and read objects whose maps moved, the
# marking must follow the references to the new copies, and the pane must
# say the core was taken during a GC.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/jsframes-lib.sh"
js_setup
if ! command -v gdb >/dev/null 2>&1; then
	skip_part "no gdb to stop node in a garbage collection"
	done_testing
fi
D="$TMP/gc"
mkdir -p "$D"
"$NODE_BIN" --expose-gc --stress-compaction "$top_srcdir/tests/fixtures/coreheap/churn-heap.js" \
	"$D" >"$D/out" 2>&1 &
pid=$!
js_wait_for "$D/out" ready
timeout 120 gdb -q -batch -p "$pid" \
	-ex 'break v8::internal::MarkCompactCollector::UpdatePointersAfterEvacuation' \
	-ex continue -ex "gcore $D/gc.core" -ex kill >"$D/gdb.out" 2>&1
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if [ ! -s "$D/gc.core" ]; then
	skip_part "gdb wrote no core in a mark-compact: $(tail -2 "$D/gdb.out" | tr '\n' ' ')"
	done_testing
fi

expect_status 0 "$MORTEM" --exe "$NODE_BIN" --print jsheap --format json "$D/gc.core"
cp "$TMP/out" "$D/jsheap.json"
json() { "$NODE_BIN" -p "const j = require('$D/jsheap.json'); $1"; }
ring=$("$NODE_BIN" -p "require('$D/made.json').ring")
ok
[ "$(json j.moved_copies)" -gt 1000 ] || fail "old copies stepped over: $(json j.moved_copies)"
ok
[ "$(json j.followed)" -gt 1000 ] || fail "references taken for new copies: $(json j.followed)"
# every Leak of the ring, its string and its Inner (and node's own objects)
ok
[ "$(json j.live)" -gt $((3 * ring)) ] || fail "live objects: $(json j.live), want more than $((3 * ring))"
ok
[ "$(json 'j.warnings.filter(w => /stops at/.test(w)).length')" = 0 ] ||
	fail "pages stopped: $(json 'j.warnings.join(" | ")')"
ok
[ "$(json 'j.warnings.filter(w => /taken during a garbage collection/.test(w)).length')" = 1 ] ||
	fail "the GC is not said: $(json 'j.warnings.join(" | ")')"
expect_status 0 "$MORTEM" --exe "$NODE_BIN" --print jsheap "$D/gc.core"
expect_grep '^ +moved by a GC +[0-9,]+ old copies left out' "$TMP/out"
done_testing
