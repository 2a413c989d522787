# tests/jsframes.sh: JavaScript frames from cores made here and now.
#
# Each script in tests/fixtures/jscores prints V8's own stack (new
# Error().stack, from the call site where it then aborts, or from the loop
# the test then interrupts) and the core's JS frames must say the same:
# function names, scripts and line:column, in order. Needs node and a
# core_pattern that writes a file in the current directory; gcore (gdb) for
# the gcore cases. MORTEM_NODE picks another node (make check-versions).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/jsframes-lib.sh"

js_setup
cd "$TMP" || exit 1

# verdict_ends CORE TEXT: the Overview's verdict of CORE ends with TEXT.
verdict_ends() {
	v=$("$MORTEM" --print overview "$1" | sed -n 's/^Verdict  *//p')
	ok
	case $v in
	*"$2") ;;
	*) fail "$1: verdict '$v' does not end with '$2'" ;;
	esac
}

# at_line OUT N: the Nth "at" line of the stack V8 printed in OUT.
at_line() { sed -n 's/^    at //p' "$1" | sed -n "${2}p"; }

# An uncaught exception in an http handler, --abort-on-uncaught-exception.
if js_core http-throw.js abort --abort-on-uncaught-exception; then
	js_compare exact http-throw
	js_compare exact http-throw http-throw.mframes
	expect_grep '<ExitFrame>' "$TMP/http-throw.bt"
	expect_grep '<EntryFrame> in Builtins_JSEntry' "$TMP/http-throw.bt"
	expect_grep 'interpreted .*JS Server.onRequest' "$TMP/http-throw.bt"
	expect_grep 'native .*uv_run' "$TMP/http-throw.bt"
	# Enter's detail: the source line from the core, the receiver and arguments.
	"$JSBT" --detail http-throw.core >http-detail.bt 2>&1
	line=$(grep -n 'for (const f of' http-throw.js | cut -d: -f1)
	expect_grep "^      > *$line  $(sed -n "${line}p" http-throw.js | sed 's/[][().*]/\\&/g')\$" http-detail.bt
	expect_grep '^      this: Server 0x' http-detail.bt
	expect_grep '^      arg0: IncomingMessage 0x' http-detail.bt
	expect_grep '^      arg1: ServerResponse 0x' http-detail.bt
	expect_grep '^      arg0: String "request"' http-detail.bt
	# The verdict names the error thrown and the function that threw, as V8
	# printed them before aborting ("Uncaught TypeError: ...", then FROM).
	thrown=$(sed -n 's/^Uncaught \(TypeError: .*\)$/\1/p' http-throw.out | head -n 1)
	# (the first frame after FROM: node 18 prints them on one line)
	from=$(sed -n '/^FROM$/{n;p;q;}' http-throw.out | sed 's/^\([^()]*([^()]*)\).*/\1/')
	ok; [ -n "$thrown" ] && [ -n "$from" ] || fail "http-throw.out: no Uncaught TypeError or FROM line"
	verdict_ends http-throw.core "--abort-on-uncaught-exception: $thrown, thrown in $from"
fi

# A hot loop optimized with inlining, aborted from inside the optimized code.
if js_core hot-inlined.js abort; then
	js_compare exact hot-inlined
	js_compare exact hot-inlined hot-inlined.mframes
	expect_grep '(turbofan|maglev) .*JS add .*\[inlined\]' "$TMP/hot-inlined.bt"
	# the verdict: the function that called process.abort(), where V8 said
	verdict_ends hot-inlined.core "process.abort() was called from JavaScript, in $(at_line hot-inlined.out 2)"
fi

# The same script in baseline (Sparkplug) code only, under a name of its
# own: a return address names its call, as V8's BytecodeOffsetIterator
# says (node 18 has no --no-maglev).
major=$("$NODE_BIN" -p 'process.versions.node.split(".")[0]')
cp hot-inlined.js baseline.js
if [ "$major" -ge 20 ] && js_core baseline.js abort --always-sparkplug --no-opt --no-maglev; then
	js_compare exact baseline
	expect_grep 'baseline .*JS add .*baseline\.js:11:33' "$TMP/baseline.bt"
	verdict_ends baseline.core "process.abort() was called from JavaScript, in $(at_line baseline.out 2)"
fi

# A constructor: V8's "new Job", below V8's ConstructFrame marker.
if js_core construct.js abort; then
	js_compare exact construct
	js_compare exact construct construct.mframes
	expect_grep '<(Fast)?ConstructFrame>' "$TMP/construct.bt"
	verdict_ends construct.core "process.abort() was called from JavaScript, in $(at_line construct.out 2)"
fi

# A fatal out-of-memory: the verdict gives V8's reason (the location node
# printed after FATAL ERROR) and the function that was allocating.
if js_core oom.js abort --max-old-space-size=16; then
	loc=$(sed -n 's/^FATAL ERROR: \(.*\) Allocation failed - JavaScript heap out of memory$/\1/p' oom.out)
	oom_line=$(grep -n "keep.push" oom.js | cut -d: -f1)
	ok; [ -n "$loc" ] || fail "oom.out: no FATAL ERROR line: $(head -c 300 oom.out)"
	"$MORTEM" --print overview oom.core >oom.overview
	expect_grep "^Verdict +SIGABRT in node::OOMErrorHandler: V8 ran out of memory \(JavaScript heap out of memory\): $loc \((the old generation is full|young objects could not move to the full old generation|the new space is full)\), in grow \($TMP/oom\.js:$oom_line:[0-9]+\)$" oom.overview
fi

# gcore of a busy process: the callers are exact, the top frame is in leaf.
js_sampled busy.js gcore
# its verdict: not a crash, and the JavaScript running (leaf, or its caller
# when the core stopped in leaf's prologue, as js_sampled allows)
if [ -f busy.core ]; then
	"$MORTEM" --print overview busy.core >busy.overview
	# stopped in the interpreter's entry trampoline, the function being
	# entered has no bytecode offset yet, so no position (seen once)
	pos=':[0-9]+:[0-9]+'
	grep -Eq '^Top frame +Builtins_InterpreterEntryTrampoline\+' busy.overview &&
		pos='(:[0-9]+:[0-9]+)?'
	expect_grep "^Verdict +not a crash: a snapshot of a live process \(gcore\)(; .*)?, in (leaf|middle) \($TMP/busy\.js$pos\)$" busy.overview
fi

# A worker thread in a hot loop, the process killed with SIGABRT.
js_sampled worker.js kill

# An idle server: no JavaScript frames, and mortem says the loop is idle.
if js_core idle-server.js gcore-idle; then
	"$JSBT" --all-threads "idle-server.core" >"$TMP/idle.bt" 2>&1
	expect_grep '^note: event loop idle' "$TMP/idle.bt"
	expect_no_grep ' JS ' "$TMP/idle.bt"
	expect_grep 'uv__io_poll' "$TMP/idle.bt"
fi

# A stripped copy of node gives the same JS frames; another binary gives the
# build-id message and still the native frames.
if [ -f http-throw.core ] && command -v strip >/dev/null 2>&1; then
	strip -o node-stripped "$NODE_BIN"
	"$JSBT" --js-only --node node-stripped http-throw.core >stripped.js 2>&1
	"$JSBT" --js-only http-throw.core >full.js 2>&1
	ok
	cmp -s stripped.js full.js || fail "stripped node gives other JS frames: $(diff full.js stripped.js | head -5)"
	expect_grep 'Server.onRequest' stripped.js
	"$JSBT" --node /bin/sh http-throw.core >other.bt 2>&1
	expect_grep '^status: JS frames unavailable: node binary build-id [0-9a-f]+ does not match the core \([0-9a-f]+\)' other.bt
	expect_grep '^#0 ' other.bt
fi

# A core cut short: no crash, the frames that cannot be read are not invented.
if [ -f http-throw.core ]; then
	size=$(wc -c <http-throw.core)
	for pct in 10 50 90; do
		head -c $((size * pct / 100)) http-throw.core >cut.core
		"$JSBT" --all-threads cut.core >cut.bt 2>&1
		rc=$?
		ok
		[ $rc -lt 128 ] || fail "core cut at $pct%: test_jsbt died with status $rc"
		expect_no_grep 'Sanitizer|runtime error' cut.bt
	done
fi

# A metadata constant hidden: its tier says so in one line; frames go on.
if [ -f http-throw.core ]; then
	MORTEM_JS_HIDE=v8dbg_off_fp_function "$JSBT" http-throw.core >hide0.bt 2>&1
	expect_grep '^status: JS frames unavailable: metadata missing: v8dbg_off_fp_function' hide0.bt
	expect_grep 'native .*uv_run' hide0.bt
	MORTEM_JS_FORCE=v8dbg_TaggedSize=4 "$JSBT" http-throw.core >tagged4.bt 2>&1
	expect_grep '^status: JS frames unavailable: pointer-compressed heap \(TaggedSize=4\) not supported' tagged4.bt
	expect_grep 'native .*Runtime_ThrowCalledNonCallable' tagged4.bt
	MORTEM_JS_FORCE=v8dbg_frametype_ExitFrame=99 "$JSBT" http-throw.core >unknown.bt 2>&1
	expect_grep '^#4  unknown .*<V8 frame> 0x[0-9a-f]+  \[unknown V8 frame marker\]' unknown.bt
	expect_grep 'interpreted .*JS Server.onRequest' unknown.bt
	MORTEM_JS_HIDE=v8dbg_class_Script__name__ "$JSBT" http-throw.core >hide2.bt 2>&1
	expect_grep '^warning: JS scripts unavailable: v8dbg_class_Script__name__\* missing' hide2.bt
	expect_grep 'JS Server.onRequest \(\(no script\)\)' hide2.bt
fi
# Through mortem: the backtrace pane interleaves native and JS frames (each
# case above was compared through its JSON too), its JSON gives kind "js"
# with script, line and column, and the js-frame pane (Enter on a JS frame)
# shows the source line and the arguments.
if [ -f http-throw.core ]; then
	ok
	[ -s http-throw.mframes ] || fail "mortem gave no JS frames for http-throw.core"
	"$MORTEM" --print backtrace http-throw.core >http-throw.pane 2>&1
	expect_grep '<ExitFrame> Builtins_CEntry' http-throw.pane
	expect_grep 'Server\.onRequest \(.*http-throw\.js:[0-9]+:[0-9]+\) \[interpreted\] in Builtins_InterpreterEntryTrampoline +JS +fp' http-throw.pane
	expect_grep 'node::Start' http-throw.pane
	"$MORTEM" --print js-frame http-throw.core >http-throw.detail 2>&1
	expect_grep "^ *> $line  " http-throw.detail
	expect_grep '^ *this  Server 0x' http-throw.detail
	expect_grep '^ *arg1  ServerResponse 0x' http-throw.detail
	# In the UI: the Backtrace tab, down to Server.onRequest, Enter.
	n=$(awk '$1 ~ /^#[0-9]+$/ && /Server\.onRequest/ { sub("#", "", $1); print $1; exit }' http-throw.pane)
	keys="<Tab><Tab>$(printf "%${n:-0}s" "" | tr ' ' j)<Enter>"
	"$MORTEM" --headless 120x30 --keys "$keys" http-throw.core >http-throw.screen 2>&1
	expect_grep 'Backtrace › Server\.onRequest$' http-throw.screen
	expect_grep "^ *> $line " http-throw.screen
	expect_grep '^ *this Server 0x' http-throw.screen
	if [ -f hot-inlined.core ]; then
		"$MORTEM" --print backtrace --format json hot-inlined.core >hot.json 2>&1
		expect_grep '"inlined":[[:space:]]*true' hot.json
		expect_grep '"kind":[[:space:]]*"v8"' hot.json
	fi
	# A stripped copy through --exe: the same JS frames; another binary: the
	# build-id line above the native frames.
	if [ -f node-stripped ]; then
		js_mortem_frames http-throw.core --exe node-stripped >http-throw.sframes
		js_compare exact http-throw http-throw.sframes
	fi
	"$MORTEM" --exe /bin/sh --print backtrace http-throw.core >other.pane 2>&1
	expect_grep 'JS frames unavailable: node binary build-id [0-9a-f]+ does not match the core' other.pane
	expect_grep '^#0 ' other.pane
	if [ -f idle-server.core ]; then
		"$MORTEM" --print backtrace idle-server.core >idle.pane 2>&1
		expect_grep 'event loop idle' idle.pane
	fi
fi

# Under ASan and UBSan, no report in any output.
for f in *.bt *.frames; do
	[ -f "$f" ] && expect_no_grep 'Sanitizer|runtime error' "$f"
done
done_testing
