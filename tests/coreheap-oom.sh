# tests/coreheap-oom.sh: the JavaScript heap of a node that ran out of
# memory (tests/fixtures/coreheap/oom-heap.js). V8 aborts inside a full GC,
# and the pages that GC evacuated are still in the core: their objects'
# old copies (a map word that is the new copy's address) must be stepped
# over, not stop the page's walk nor make later objects' sizes wrong.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/jsframes-lib.sh"
js_setup
D="$TMP/oom"
mkdir -p "$D"
(cd "$D" && "$NODE_BIN" --max-old-space-size=32 --stress-compaction \
	"$top_srcdir/tests/fixtures/coreheap/oom-heap.js" "$D" >"$D/out" 2>&1
	js_take_core "$D/oom.core")
if [ ! -s "$D/oom.core" ]; then
	fail "oom-heap.js left no core: $(tail -3 "$D/out")"
	done_testing
fi
expect_grep 'JavaScript heap out of memory' "$D/out"
major=$("$NODE_BIN" -p 'process.versions.node.split(".")[0]')

# The walk: whole, no page stopped; the old copies counted (V8 10, node 18,
# gives evacuated pages back before it aborts: none there).
expect_status 0 "$MORTEM" --exe "$NODE_BIN" --print jsheap --format json "$D/oom.core"
cp "$TMP/out" "$D/jsheap.json"
json() { "$NODE_BIN" -p "const j = require('$D/jsheap.json'); $1"; }
expect_equal() { ok; [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }
expect_equal "warnings" "$(json 'j.warnings.join(" | ")')" ""
ok
[ "$major" -lt 20 ] || [ "$(json j.moved_copies)" -gt 1000 ] ||
	fail "old copies of moved objects: $(json j.moved_copies), want the evacuated pages' (node $major)"

# The classes: every Known the script made; a Leak for each Inner (one more
# when the last Leak's constructor ran out of memory before its Inner).
expect_status 0 "$MORTEM" --exe "$NODE_BIN" --print classes --format json "$D/oom.core"
cp "$TMP/out" "$D/classes.json"
count() { "$NODE_BIN" -p "(require('$D/classes.json').find(r => r.name === '$1') || {}).count"; }
known=$(count Known) leak=$(count Leak) inner=$(count Inner)
expect_equal "Known count" "$known" "$("$NODE_BIN" -p "require('$D/made.json').known")"
ok
[ "$leak" -ge 100000 ] 2>/dev/null || fail "Leak count $leak: the leak not found"
ok
[ "$leak" -ge "$inner" ] 2>/dev/null && [ $((leak - inner)) -le 1 ] ||
	fail "$leak Leaks but $inner Inners: objects after an evacuated page's free space lost"

# The leak's holder: a Leak's retainers lead to the global array (the
# class's number for --print instances: its `index` in the classes JSON).
i=$("$NODE_BIN" -p "(require('$D/classes.json').find(r => r.name === 'Leak') || {}).index")
"$MORTEM" --exe "$NODE_BIN" --print instances --id "$i" "$D/oom.core" >"$D/instances" 2>&1
leak_addr=$(sed -n 4p "$D/instances" | grep -o '@0x[0-9a-f]*')
expect_grep '^Leak: ' "$D/instances"
ok
[ -n "$leak_addr" ] || fail "no Leak listed by --print instances --id $i: $(head -c 300 "$D/instances")"
expect_status 0 "$MORTEM" --exe "$NODE_BIN" --print retainers --id "$leak_addr" "$D/oom.core"
expect_grep '\.leaks in global @0x' "$TMP/out"
done_testing
