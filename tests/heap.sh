# tests/heap.sh: the heap panes from the command line on the committed
# snapshots of tests/fixtures/heap, and the one-line errors of bad ones.
. "${top_srcdir:-.}/tests/lib.sh"
H="$FIX/heap"
A="$H/pair-1.heapsnapshot.gz"
B="$H/pair-2.heapsnapshot.gz"

# Classes: the classes the fixture script made, with their instance counts.
expect_status 0 "$MORTEM" --print classes "$A"
expect_grep '^\+ MortemAlpha +×3,000 +4 +120,000 ' "$TMP/out"
expect_grep '^\+ \{kind, size, tag\} +×1,201 ' "$TMP/out"
expect_status 0 "$MORTEM" --print classes --format json --limit 3 "$A"
expect_grep '"retained_size":' "$TMP/out"
grep -c '"name":' "$TMP/out" >"$TMP/n"
expect_grep '^3$' "$TMP/n"

# Compare: what happened between the snapshots, by # Delta.
expect_status 0 "$MORTEM" --print compare "$A" "$B"
# Held by: what holds the most of each class's new objects (Gamma in the
# global array, each Buffer in a Gamma's .blob).
expect_grep '^MortemGamma +1,500 +0 +\+1,500 +60,000 +0 +\+60,000 +global\.mortemFixture\.gamma\[\]$' "$TMP/out"
expect_grep '^Buffer +1,500 +0 +\+1,500 .* MortemGamma\.blob$' "$TMP/out"
expect_grep '^MortemBeta +500 .* global\.mortemFixture\.beta\[\]$' "$TMP/out"
expect_grep '^MortemAlpha +0 +1,000 +-1,000 +0 +40,000 +-40,000 *$' "$TMP/out"
expect_grep '^MortemKey +0 +20 +-20 ' "$TMP/out"
expect_status 0 "$MORTEM" --print compare --format json "$A" "$B"
expect_grep '"delta":	1500' "$TMP/out"

# Two processes: compared all the same, with a warning on one line of
# stderr and on the comparison's line.
expect_status 0 "$MORTEM" --print compare "$A" "$H/other-process.heapsnapshot.gz"
expect_grep '^mortem: warning: .*pair-1.heapsnapshot.gz and .*other-process.heapsnapshot.gz cannot come from one process \([0-9]+ objects keep their id and class, [0-9]+ JavaScript objects' "$TMP/err"
expect_lines 1 "$TMP/err"
expect_grep '^WARNING: these snapshots cannot come from one process .* base .*pair-1.heapsnapshot.gz → target .*other-process.heapsnapshot.gz$' "$TMP/out"
expect_grep '^Class +# New +# Deleted' "$TMP/out"

# Two snapshots of one Chromium worker (make-chrome-worker.js): one
# MortemAdded made between them; no warning (its embedder objects' ids,
# which are not stable, are not judged).
W1="$H/worker-1.heapsnapshot.gz"
W2="$H/worker-2.heapsnapshot.gz"
expect_status 0 "$MORTEM" --print compare "$W1" "$W2"
expect_lines 0 "$TMP/err"
expect_grep '^MortemAdded +1 +0 +\+1 +48 +0 +\+48 ' "$TMP/out"
ok
! grep -q 'WARNING' "$TMP/out" || fail "the worker's two snapshots are said to come from two processes"

# Statistics.
expect_status 0 "$MORTEM" --print statistics "$A"
expect_grep '^Total +3,' "$TMP/out"
expect_grep '^  Typed arrays +10,613 ' "$TMP/out"

# One object (6161 is the MortemGamma class in pair-2), its retainers and
# its dominator chain.
expect_status 0 "$MORTEM" --print object --id 6161 "$B"
expect_grep '^\(this object\) +MortemGamma\(\) @6161 +closure ' "$TMP/out"
expect_grep '\.prototype +\{constructor\} @' "$TMP/out"
expect_status 0 "$MORTEM" --print retainers --id 6161 --limit 2 "$B"
expect_grep '^- \.constructor in \{constructor\} @37859 ' "$TMP/out"
expect_grep '\.mortemFixture in global @' "$TMP/out"
expect_status 0 "$MORTEM" --print dominators --id 6161 --format json "$B"
expect_grep '"name":	"global"' "$TMP/out"
expect_status 2 "$MORTEM" --print dominators --id 12345678 "$B"
expect_grep 'no object with id 12345678' "$TMP/err"
expect_status 2 "$MORTEM" --print retainers "$B"
expect_grep 'needs --id N' "$TMP/err"

# --raw keeps arrays' own sizes: more (array) bytes than DevTools shows.
# Without it, the (array) row is heap-snapshot-toolkit's (expected-classes-1.json);
# with it, every node of type "array" with its own self size, summed here
# from the snapshot itself.
class_row() { # JSON CLASS: "COUNT SELF_SIZE" of the row named CLASS
	awk -v want="\"name\":[[:space:]]*\"$2\"" '
		$0 ~ want { on = 1 }
		on && /"count":/ { c = $0; gsub(/[^0-9]/, "", c) }
		on && /"self_size":/ { s = $0; gsub(/[^0-9]/, "", s); print c, s; exit }' "$1"
}
raw_arrays() { # SNAPSHOT.gz: "COUNT SELF_SIZE" of its nodes of type array
	gzip -dc "$1" | awk '
		BEGIN { RS = "[,\n]" }
		!meta && /"node_fields":\[/ { meta = 1; nf = 0 }
		meta == 1 { f = $0; sub(/.*\[/, "", f); gsub(/[]"}[:space:]]/, "", f)
			    if (f == "type") ti = nf; if (f == "self_size") si = nf
			    nf++; if ($0 ~ /\]/) meta = 2; next }
		meta == 2 && /"node_types":\[\[/ { meta = 3; nt = 0 }
		meta == 3 { f = $0; sub(/.*\[/, "", f); gsub(/[]"[:space:]]/, "", f)
			    if (f == "array") arr = nt; nt++; if ($0 ~ /\]/) meta = 4; next }
		meta == 4 && /"nodes":\[/ { on = 1; k = 0; sub(/.*\[/, "") }
		on && /[0-9]/ { v = $0 + 0; if (k % nf == ti) isarr = (v == arr)
				if (k % nf == si && isarr) { n++; size += v }; k++ }
		on && /\]/ { exit }
		END { print n + 0, size + 0 }'
}
expect_status 0 "$MORTEM" --print classes --format json "$A"
mv "$TMP/out" "$TMP/devtools.json"
expect_status 0 "$MORTEM" --print classes --format json --raw "$A"
mv "$TMP/out" "$TMP/raw.json"
want_dt=$(class_row "$H/expected-classes-1.json" '\(array\)')
want_raw=$(raw_arrays "$A")
got_dt=$(class_row "$TMP/devtools.json" '\(array\)')
got_raw=$(class_row "$TMP/raw.json" '\(array\)')
ok
[ -n "$want_dt" ] && [ "${want_raw% *}" -gt "${want_dt% *}" ] ||
	fail "fixture: (array) '$want_dt' (DevTools), '$want_raw' (raw): no difference to test"
ok
[ "$got_dt" = "$want_dt" ] || fail "(array) without --raw: count, self size '$got_dt', want '$want_dt'"
ok
[ "$got_raw" = "$want_raw" ] || fail "(array) with --raw: count, self size '$got_raw', want '$want_raw'"

# What DevTools loads (make-oddities.js): Chrome's 2017 layout, whose
# symbols have a type past meta's list (DevTools' class "(undefined)"), and
# ids above 2^32; their rows are heap-snapshot-toolkit's.
expect_status 0 "$MORTEM" --print classes --format json "$H/chrome2017.heapsnapshot.gz"
want=$(class_row "$H/expected-chrome2017-classes.json" '\(undefined\)')
got=$(class_row "$TMP/out" '\(undefined\)')
ok
[ -n "$want" ] && [ "$got" = "$want" ] || fail "(undefined) in chrome2017: count, self size '$got', want '$want'"
expect_status 0 "$MORTEM" --print classes --format json "$H/ids64.heapsnapshot.gz"
want=$(class_row "$H/expected-ids64-classes.json" 'MortemTask')
got=$(class_row "$TMP/out" 'MortemTask')
ok
[ -n "$want" ] && [ "$got" = "$want" ] || fail "MortemTask in ids64: count, self size '$got', want '$want'"
root=$((1 + (1 << 40)))  # V8's root id, moved by 2^40
expect_status 0 "$MORTEM" --print object --id "$root" "$H/ids64.heapsnapshot.gz"
expect_grep "^\(this object\) +\(root\) @$root +synthetic " "$TMP/out"
expect_grep "^  \[1\] +\(GC roots\) @$((root + 2)) +synthetic " "$TMP/out"
# A Chromium page (make-chrome.js): its 40 detached <div>s, each with a
# detached <p>, and the 100 <span>s never attached, named as DevTools does.
expect_status 0 "$MORTEM" --print classes "$FIX/heap/chrome.heapsnapshot.gz"
expect_grep '^\+ Detached <div> +×40 ' "$TMP/out"
expect_grep '^\+ Detached <p> +×40 ' "$TMP/out"
expect_grep '^\+ Detached <span> +×100 ' "$TMP/out"
expect_grep '^\+ MortemWidget +×300 ' "$TMP/out"
# Class names of hundreds of characters are printed whole without widening
# every other line: the name column stops at 64.
long='blink::HeapVectorBacking<cppgc::internal::BasicMember<blink::StyleRuleBase, cppgc::internal::StrongMemberTag, cppgc::internal::DijkstraWriteBarrierPolicy>>'
ok
grep -qF "$long  " "$TMP/out" || fail "the long class name is not printed whole"
ok
[ "$(head -n 1 "$TMP/out" | wc -c)" -le 120 ] || fail "the header is $(head -n 1 "$TMP/out" | wc -c) bytes wide"

# The layouts of huge snapshots (4-byte retainer slots past 2^24 nodes,
# 64-bit string offsets past 4 GiB of strings) give the same numbers.
for pane in classes statistics; do
	"$MORTEM" --print $pane --format json "$A" >"$TMP/narrow.json"
	MORTEM_TEST_WIDE=1 "$MORTEM" --print $pane --format json "$A" >"$TMP/wide.json"
	ok
	cmp -s "$TMP/narrow.json" "$TMP/wide.json" || fail "wide layout changes $pane: $(diff "$TMP/narrow.json" "$TMP/wide.json" | head -5)"
done
"$MORTEM" --print compare --format json "$A" "$B" >"$TMP/narrow.json"
MORTEM_TEST_WIDE=1 "$MORTEM" --print compare --format json "$A" "$B" >"$TMP/wide.json"
ok
cmp -s "$TMP/narrow.json" "$TMP/wide.json" || fail "wide layout changes compare"
# Buffers of 4 KiB instead of 8 MiB: every array, string and piece of the
# fixtures crosses buffer ends, is read ahead and shared out in pieces as
# in a gigabyte file; the rows stay DevTools' rows.
MORTEM_TEST_BUFFER=4096 "$top_builddir/tests/unit/test_heap" >"$TMP/small.log" 2>&1
ok
grep -Eq '^[1-9][0-9]* checks, 0 failed$' "$TMP/small.log" || fail "test_heap with 4 KiB buffers: $(tail -3 "$TMP/small.log")"
MORTEM_TEST_BUFFER=4096 "$MORTEM" --print compare --format json "$A" "$B" >"$TMP/small.json"
ok
cmp -s "$TMP/narrow.json" "$TMP/small.json" || fail "4 KiB buffers change compare"
# ... and still DevTools' numbers, row for row.
MORTEM_TEST_WIDE=1 "$top_builddir/tests/unit/test_heap" >"$TMP/wide.log" 2>&1
ok
grep -Eq '^[1-9][0-9]* checks, 0 failed$' "$TMP/wide.log" || fail "test_heap with the wide layouts: $(tail -3 "$TMP/wide.log")"

# The edges' fields in another order (an edge's name before its type): its
# names are packed into 16 bits after the strings are read, not beside
# their parse (core/heap/enames.c); the same rows and the same edge names.
node -e '
const zlib = require("zlib"), fs = require("fs");
const s = JSON.parse(zlib.gunzipSync(fs.readFileSync(process.argv[1])));
const f = s.snapshot.meta.edge_fields, t = s.snapshot.meta.edge_types;
const at = [f.indexOf("name_or_index"), f.indexOf("type"), f.indexOf("to_node")];
s.snapshot.meta.edge_fields = at.map(i => f[i]);
s.snapshot.meta.edge_types = at.map(i => t[i]);
const e = s.edges, out = new Array(e.length);
for (let i = 0; i < e.length; i += 3) at.forEach((j, k) => { out[i + k] = e[i + j]; });
s.edges = out;
fs.writeFileSync(process.argv[2], JSON.stringify(s));' "$A" "$TMP/name-first.heapsnapshot"
for what in "classes" "object --id 1" "retainers --id 87"; do
	"$MORTEM" --print $what --format json "$A" >"$TMP/a.json" 2>&1
	"$MORTEM" --print $what --format json "$TMP/name-first.heapsnapshot" >"$TMP/b.json" 2>&1
	ok
	[ -s "$TMP/a.json" ] && cmp -s "$TMP/a.json" "$TMP/b.json" ||
		fail "name before type changes --print $what: $(diff "$TMP/a.json" "$TMP/b.json" | head -3)"
done

# A tiny hand-written snapshot: 6 node fields, no newlines, \u escapes.
META='{"node_fields":["type","name","id","self_size","edge_count","detachedness"],"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic","concatenated string","sliced string","symbol","bigint","object shape"],"string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"],"location_fields":["object_index","script_id","line","column"]}'
tiny() { # NODES EDGES STRINGS [NODE_COUNT EDGE_COUNT]
	printf '{"snapshot":{"meta":%s,"node_count":%s,"edge_count":%s},"nodes":[%s],"edges":[%s],"locations":[],"strings":[%s]}' \
		"$META" "${4:-3}" "${5:-2}" "$1" "$2" "$3"
}
GOOD_NODES='9,0,1,0,1,0,3,3,3,32,1,0,2,2,5,16,0,0'
GOOD_EDGES='5,4,6,2,5,12'
GOOD_STRINGS='"<dummy>","Foo","\u00e9t\u00e9 \ud83d\ude00","global","x","y"'
tiny "$GOOD_NODES" "$GOOD_EDGES" "$GOOD_STRINGS" >"$TMP/tiny.heapsnapshot"
expect_status 0 "$MORTEM" --print classes "$TMP/tiny.heapsnapshot"
expect_grep '^\+ global +×1 +1 +32 +[0-9.]+% +48 +[0-9.]+%$' "$TMP/out"
expect_status 0 "$MORTEM" --print object --id 3 --format json "$TMP/tiny.heapsnapshot"
expect_grep '"name":	"été 😀"' "$TMP/out"
gzip -c "$TMP/tiny.heapsnapshot" >"$TMP/tiny.gz"
expect_status 0 "$MORTEM" --print statistics - <"$TMP/tiny.gz"
expect_grep '^Total +48 ' "$TMP/out"

# Two objects holding each other, unreachable from the root: DevTools hangs
# them on the root one by one (its own Lengauer-Tarjan numbering). The
# numbers below are what heap-snapshot-toolkit computed on this very file
# (reference.mjs): Foo and Bar retain only themselves, distance -5.
printf '{"snapshot":{"meta":%s,"node_count":5,"edge_count":4},"nodes":[%s],"edges":[%s],"locations":[],"strings":[%s]}' \
	"$META" "$GOOD_NODES,3,6,7,40,1,0,3,7,9,24,1,0" "$GOOD_EDGES,2,8,24,2,9,18" \
	'"<dummy>","Foo","x-value","global","x","y","Foo","Bar","b","a"' >"$TMP/clique.heapsnapshot"
expect_status 0 "$MORTEM" --print classes "$TMP/clique.heapsnapshot"
expect_grep '^\+ global +×1 +1 +32 +[0-9.]+% +48 +[0-9.]+%$' "$TMP/out"
expect_grep '^\+ Foo +×1 +- +40 +[0-9.]+% +40 +[0-9.]+%$' "$TMP/out"
expect_grep '^\+ Bar +×1 +- +24 +[0-9.]+% +24 +[0-9.]+%$' "$TMP/out"
expect_status 0 "$MORTEM" --print classes --format json "$TMP/clique.heapsnapshot"
expect_grep '"distance":	-5' "$TMP/out"

# Node 26 / d8 layouts: five location fields, extra_native_bytes.
META5=$(printf '%s' "$META" | sed 's/"location_fields":\[[^]]*\]/"location_fields":["object_index","script_id","script_object_index","line","column"]/')
printf '{"snapshot":{"meta":%s,"node_count":3,"edge_count":2,"trace_function_count":0,"extra_native_bytes":1000},"nodes":[%s],"edges":[%s],"locations":[6,42,7,10,4],"strings":[%s]}' \
	"$META5" "$GOOD_NODES" "$GOOD_EDGES" "$GOOD_STRINGS" >"$TMP/d8.heapsnapshot"
expect_status 0 "$MORTEM" --print classes --format json "$TMP/d8.heapsnapshot"
expect_grep '"key":	"42,10,4,global"' "$TMP/out"
expect_status 0 "$MORTEM" --print statistics --format json "$TMP/d8.heapsnapshot"
expect_grep '"native":	1000' "$TMP/out"
expect_grep '"total":	1048' "$TMP/out"

# V8 records the location of a function whose start it cannot place
# (past its script's end) as line and column -1: a class key of its own.
printf '{"snapshot":{"meta":%s,"node_count":3,"edge_count":2,"trace_function_count":0},"nodes":[%s],"edges":[%s],"locations":[6,42,-1,-1],"strings":[%s]}' \
	"$META" "$GOOD_NODES" "$GOOD_EDGES" "$GOOD_STRINGS" >"$TMP/noposition.heapsnapshot"
expect_status 0 "$MORTEM" --print classes --format json "$TMP/noposition.heapsnapshot"
expect_grep '"key":	"42,-1,-1,global"' "$TMP/out"
printf '{"snapshot":{"meta":%s,"node_count":3,"edge_count":2,"trace_function_count":0},"nodes":[%s],"edges":[%s],"locations":[6,-42,1,1],"strings":[%s]}' \
	"$META" "$GOOD_NODES" "$GOOD_EDGES" "$GOOD_STRINGS" >"$TMP/minusscript"

# V8 13 writes an element edge's index as a signed int: index 4294967290
# of a sparse array is -6 in node 24's snapshots (tests/coreheap.sh meets
# real ones under `make check-versions`). Taken as the index it stands for.
tiny "$GOOD_NODES" '5,4,6,1,-6,12' "$GOOD_STRINGS" >"$TMP/signed.heapsnapshot"
expect_status 0 "$MORTEM" --print object --id 3 "$TMP/signed.heapsnapshot"
expect_grep '^  \[4294967290\] +"été 😀" @5 +string ' "$TMP/out"

# Bad snapshots: one line, the file, and where.
bad() { # NAME PATTERN: the file $TMP/NAME must fail with PATTERN on one line
	expect_status 2 "$MORTEM" --print classes "$TMP/$1"
	expect_grep "$2" "$TMP/err"
	expect_lines 1 "$TMP/err"
}
size=$(wc -c <"$TMP/tiny.heapsnapshot")
head -c $((size - 30)) "$TMP/tiny.heapsnapshot" >"$TMP/cut"
bad cut "cut: byte $((size - 30)): file ends inside a string that starts at byte"
# From stdin, the same error names "-", not the copy mortem read it from.
expect_status 2 "$MORTEM" --print classes - <"$TMP/cut"
expect_grep "^mortem: -: byte $((size - 30)): file ends inside a string" "$TMP/err"
head -c 200 "$TMP/tiny.gz" >"$TMP/cut.gz"
tiny "$GOOD_NODES" '5,4,6,2,5,13' "$GOOD_STRINGS" >"$TMP/edge"
bad edge 'edge: byte [0-9]+: edge 1: to_node 13 is not a node'
tiny "$GOOD_NODES" '5,4,6,2,5,120' "$GOOD_STRINGS" >"$TMP/far"
bad far 'to_node 120 is not a node'
tiny "$GOOD_NODES" '5,9,6,2,5,12' "$GOOD_STRINGS" >"$TMP/name"
bad name 'name: field edges\[0\].name_or_index: string 9 out of 6 strings'
tiny "$GOOD_NODES" "$GOOD_EDGES" "$GOOD_STRINGS" 4 2 >"$TMP/count"
bad count 'count: byte [0-9]+: nodes has 18 values; node_count 4 of 6 fields needs 24'
tiny "$GOOD_NODES,9,0,7,0,0,0" "$GOOD_EDGES" "$GOOD_STRINGS" >"$TMP/extra"
bad extra 'nodes has more values than node_count 3 declares'
tiny "$GOOD_NODES" "$GOOD_EDGES" "$GOOD_STRINGS" 3 3 >"$TMP/sum"
bad sum 'node edge counts add up to 2 but edge_count is 3'
tiny "$GOOD_NODES" '5,4,6,1,-6,-12' "$GOOD_STRINGS" >"$TMP/minus"
bad minus "minus: byte [0-9]+: unexpected '-' in the edges array"
tiny "9,0,1,0,1,0,3,3,-3,32,1,0,2,2,5,16,0,0" "$GOOD_EDGES" "$GOOD_STRINGS" >"$TMP/minusid"
bad minusid "minusid: byte [0-9]+: unexpected '-' in the nodes array"
tiny "$GOOD_NODES" '5,4,6,1,-0,12' "$GOOD_STRINGS" >"$TMP/minus0"
bad minus0 "minus0: byte [0-9]+: edge index out of range in the edges array"
tiny "$GOOD_NODES" '5,4,6,2,-6,12' "$GOOD_STRINGS" >"$TMP/minusname"
bad minusname 'minusname: field edges\[1\].name_or_index: string 4294967290 out of 6 strings'
bad minusscript "minusscript: byte [0-9]+: unexpected '-' in the locations array"
tiny "9,0,1,0,1,0,3,x,3,32,1,0,2,2,5,16,0,0" "$GOOD_EDGES" "$GOOD_STRINGS" >"$TMP/alpha"
bad alpha "alpha: byte [0-9]+: unexpected 'x' in the nodes array"
tiny "9,0,1,0,1,0,3,3,12345678901234567890,32,1,0,2,2,5,16,0,0" "$GOOD_EDGES" "$GOOD_STRINGS" >"$TMP/long"
bad long "long: byte [0-9]+: number too large in the nodes array"
# Ids of 64 bits (engines other than V8 write them, Julia's): loaded, kept
# whole, found and printed digit for digit (past 2^53 too).
tiny "9,0,1,0,1,0,3,3,12345678901234567,32,1,0,2,2,5,16,0,0" "$GOOD_EDGES" "$GOOD_STRINGS" >"$TMP/big"
expect_status 0 "$MORTEM" --print object --id 12345678901234567 "$TMP/big"
expect_grep '^\(this object\) +global @12345678901234567 +object ' "$TMP/out"
expect_status 0 "$MORTEM" --print object --id 12345678901234567 --format json "$TMP/big"
expect_grep '^	"id":	12345678901234567,$' "$TMP/out"
# 2^32 - 1, the largest 32-bit id, is one of those kept aside.
tiny "9,0,1,0,1,0,3,3,4294967295,32,1,0,2,2,4294967297,16,0,0" "$GOOD_EDGES" "$GOOD_STRINGS" >"$TMP/edge32"
expect_status 0 "$MORTEM" --print object --id 4294967295 "$TMP/edge32"
expect_grep '^\(this object\) +global @4294967295 +object ' "$TMP/out"
expect_grep '^  \.y +"été 😀" @4294967297 +string ' "$TMP/out"
# Retained sizes of 4 GiB and more (kept apart from the 32-bit column):
# the string's own, and the global's and the root's sums of them.
tiny "9,0,1,0,1,0,3,3,3,3000000000,1,0,2,2,5,5000000000,0,0" "$GOOD_EDGES" "$GOOD_STRINGS" >"$TMP/bigret"
expect_status 0 "$MORTEM" --print object --id 3 "$TMP/bigret"
expect_grep '^\(this object\) +global @3 +object +1 +3,000,000,000 +8,000,000,000$' "$TMP/out"
expect_grep '^  \.y +"été 😀" @5 +string +2 +5,000,000,000 +5,000,000,000$' "$TMP/out"
expect_status 0 "$MORTEM" --print statistics --format json "$TMP/bigret"
expect_grep '"total":	8000000000' "$TMP/out"
tiny "$GOOD_NODES" "$GOOD_EDGES" '"<dummy>","bad \q"' >"$TMP/esc"
bad esc 'esc: byte [0-9]+: bad escape in string'
tiny "$GOOD_NODES" "$GOOD_EDGES" "$GOOD_STRINGS" 200000000 2 >"$TMP/huge"
bad huge 'huge: byte [0-9]+: node_count 200000000 cannot fit in a file of'
# Long arrays: the numbers are found 64 bytes at a time (core/heap/scan.c);
# a fault inside such a stretch is still found byte by byte, and said at
# the byte where it is.
LONG=$GOOD_NODES
i=0
while [ $i -lt 40 ]; do
	LONG="$LONG,3,1,$((101 + 2 * i)),16,0,0"
	i=$((i + 1))
done
tiny "$LONG" "$GOOD_EDGES" "$GOOD_STRINGS" 43 2 >"$TMP/long.heapsnapshot"
expect_status 0 "$MORTEM" --print classes "$TMP/long.heapsnapshot"
expect_grep '^\+ Foo +×40 +- +640 +[0-9.]+% +640 +[0-9.]+%$' "$TMP/out"
# V8's own layout: a newline before the comma that starts each record.
tiny "$(printf '%s' "$LONG" | sed 's/,3,1,/\n,3,1,/g')" "$GOOD_EDGES" "$GOOD_STRINGS" 43 2 >"$TMP/lines.heapsnapshot"
expect_status 0 "$MORTEM" --print classes "$TMP/lines.heapsnapshot"
expect_grep '^\+ Foo +×40 +- +640 +[0-9.]+% +640 +[0-9.]+%$' "$TMP/out"
long_bad() { # NAME FROM TO MARK SKIP PATTERN: FROM replaced by TO; the error
	     # SKIP bytes after where MARK starts
	sed "s/$2/$3/" "$TMP/lines.heapsnapshot" >"$TMP/$1"
	at=$(grep -abo "$4" "$TMP/$1" | head -n 1 | cut -d: -f1)
	bad "$1" "$1: byte $((at + $5)): $6"
}
long_bad lalpha ',3,1,141,' ',3,1,1x1,' '1x1,' 1 'unexpected character in the nodes array'
long_bad lletter ',3,1,145,' ',3,1,x,' ',x,' 1 "unexpected 'x' in the nodes array"
long_bad lcomma ',3,1,151,16,' ',3,1,151,,16,' ',,16' 1 "unexpected ',' in the nodes array"
long_bad lspace ',3,1,161,16,' ',3,1,161 16,' ' 16,' 1 'missing comma in the nodes array'
long_bad llong ',3,1,171,' ',3,1,12345678901234567890,' '12345678901234567890' 0 'number too large in the nodes array'
sed 's/,3,1,175,/,3,1,12345678901234567,/' "$TMP/lines.heapsnapshot" >"$TMP/lbig"
expect_status 0 "$MORTEM" --print classes "$TMP/lbig"
expect_grep '^\+ Foo +×40 +- +640 +[0-9.]+% +640 +[0-9.]+%$' "$TMP/out"
printf '{"snapshot":{"meta":{"node_fields":["type","name"],"edge_fields":["type"]},"node_count":1,"edge_count":0}}' >"$TMP/meta"
bad meta 'meta: byte 12: snapshot.meta.node_fields lacks "id"'
printf '{"snapshot":{"meta":%s,"node_count":1,"edge_count":0}}' "$META" >"$TMP/nonodes"
bad nonodes 'nonodes: byte [0-9]+: missing the nodes array'
expect_status 2 "$MORTEM" --print classes "$TMP/cut.gz"
expect_grep 'cut.gz: gzip stream cut short at byte' "$TMP/err"
expect_lines 1 "$TMP/err"

done_testing
