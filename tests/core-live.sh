# tests/core-live.sh: cores made now, by real programs, in a folder of the
# test: the small C program (segv, abort, divide by zero), node aborting in
# an HTTP handler under --abort-on-uncaught-exception, and a gcore of an
# idle node server. The crashing thread's frames are compared with gdb's
# `bt` on the same core and binary, as far as gdb gets.
. "${top_srcdir:-.}/tests/lib.sh"
CORES=$(cd "$top_srcdir/tests/fixtures/cores" && pwd)

pattern=$(cat /proc/sys/kernel/core_pattern 2>/dev/null || echo unknown)
case $pattern in
core*) ;;
*) echo "SKIP: core_pattern is '$pattern' (cores go elsewhere): no cores can be made here"
   exit 77 ;;
esac
if ! (ulimit -c unlimited) 2>/dev/null; then
	echo "SKIP: ulimit -c unlimited is not allowed here"
	exit 77
fi

# run_for_core DIR CMD...: run CMD in DIR with cores on; the core's path.
run_for_core() {
	dir=$1; shift
	mkdir -p "$dir"
	(cd "$dir" && ulimit -c unlimited && "$@"; true) >/dev/null 2>&1
	ls -t "$dir"/core* 2>/dev/null | head -1
}

# gdb_pcs BIN CORE: the crashing thread's pcs as gdb has them, one per line,
# until gdb loses its way (a "??" outside every file).
gdb_pcs() {
	gdb -nx -batch -iex 'set debug-file-directory /nonexistent' \
		-iex 'set debuginfod enabled off' -ex 'p $pc' -ex 'echo BT\n' -ex bt \
		"$1" "$2" 2>/dev/null | awk '
		/^\$1 = / { for (i = 1; i <= NF; i++) if ($i ~ /^0x/) { print $i; break } }
		/^BT$/ { bt = 1; next }
		bt && /^#[1-9][0-9]* +<signal handler called>/ { print "*"; next }
		bt && /^#[1-9][0-9]* +0x[0-9a-f]+ in / {
			if ($0 ~ / in \?\? \(\)/ && $0 !~ / from /) exit
			print $2
		}
		/^Backtrace stopped/ { exit }'
}

# our_pcs ARGS...: the pcs of mortem's backtrace pane.
our_pcs() {
	"$MORTEM" --print backtrace "$@" | awk '$1 ~ /^#[0-9]+$/ && $2 ~ /^0x/ { print $2 }'
}

# same_as_gdb BIN CORE [mortem args]: gdb's frames are a prefix of ours.
same_as_gdb() {
	bin=$1 core=$2; shift 2
	ok
	gdb_pcs "$bin" "$core" | while read -r pc; do
		case $pc in \*) echo '*' ;; *) printf '0x%016x\n' "$pc" ;; esac
	done >"$TMP/gdb.pcs"
	our_pcs "$@" "$core" >"$TMP/our.pcs"
	n=$(wc -l <"$TMP/gdb.pcs")
	# "*": gdb's <signal handler called> shows no pc; any of ours matches.
	if [ "$n" -lt 2 ]; then
		fail "gdb gave $n frames for $core"
	elif ! head -n "$n" "$TMP/our.pcs" | paste -d' ' "$TMP/gdb.pcs" - |
		awk '$1 != "*" && $1 != $2 { bad = 1 } END { exit bad }'; then
		fail "frames of $core differ from gdb's: $(paste -d' ' "$TMP/gdb.pcs" "$TMP/our.pcs" | head -20 | tr '\n' ';')"
	fi
}

# have_gdb: gdb is here; else one skipped part, for the first core only.
have_gdb() {
	command -v gdb >/dev/null 2>&1 && return 0
	[ -n "${no_gdb_said:-}" ] ||
		skip_part "no gdb: no core's frames are compared with gdb's bt"
	no_gdb_said=1
	return 1
}

# frames_in_order FILE NAME...: the names appear in FILE in this order.
frames_in_order() {
	file=$1; shift
	ok
	awk -v want="$*" 'BEGIN { n = split(want, w, " "); i = 1 }
		i <= n && index($0, w[i]) { i++ }
		END { exit i <= n }' "$file" || fail "frames $* not in order in $file"
}

# --- the C program -----------------------------------------------------------
if command -v cc >/dev/null 2>&1; then
	mkdir -p "$TMP/c"
	cc -O0 -g -fno-omit-frame-pointer -pthread -o "$TMP/c/crash" "$CORES/crash.c"
	for mode in segv abort fpe handler; do
		core=$(run_for_core "$TMP/c/$mode" "$TMP/c/crash" "$mode")
		ok
		[ -n "$core" ] || { fail "crash $mode left no core"; continue; }
		expect_status 0 "$MORTEM" --print backtrace "$core"
		cp "$TMP/out" "$TMP/bt-$mode"
		frames_in_order "$TMP/bt-$mode" level_two level_one run_mode main
		expect_grep '#0 .* context$' "$TMP/bt-$mode"
		expect_grep 'level_one\+0x[0-9a-f]+ +crash +cfi$' "$TMP/bt-$mode"
		expect_status 0 "$MORTEM" --print overview "$core"
		case $mode in
		segv) expect_grep 'SIGSEGV in level_two: a NULL pointer dereference \(address 0x2a\)' "$TMP/out" ;;
		abort) expect_grep 'SIGABRT in level_two: aborted' "$TMP/out"
		       frames_in_order "$TMP/bt-$mode" abort level_two ;;
		fpe) expect_grep 'SIGFPE in level_two: arithmetic exception \(integer divide by zero\)' "$TMP/out" ;;
		handler) expect_grep 'SIGABRT in on_segv: aborted' "$TMP/out"
		       frames_in_order "$TMP/bt-$mode" abort on_segv '<signal' level_two ;;
		esac
		expect_grep "Command line +$TMP/c/crash $mode" "$TMP/out"
		have_gdb && same_as_gdb "$TMP/c/crash" "$core"
	done
	# The second thread is in sleeper (in pause(), or still leaving the
	# mutex it signalled with), called from libc's start_thread.
	expect_status 0 "$MORTEM" --print backtrace --thread 1 "$core"
	frames_in_order "$TMP/out" sleeper start_thread
	expect_status 0 "$MORTEM" --print threads --format json "$core"
	expect_grep '"tid":' "$TMP/out"
	# A crash inside a shared library (like a native addon) names it.
	printf 'int boom(volatile int *p) { return *p; }\n' >"$TMP/c/boom.c"
	printf 'int boom(volatile int *p);\nint main(void) { return boom(0); }\n' >"$TMP/c/useboom.c"
	cc -shared -fPIC -O0 -o "$TMP/c/libboom.so" "$TMP/c/boom.c"
	cc -O0 -o "$TMP/c/useboom" "$TMP/c/useboom.c" -L"$TMP/c" -lboom -Wl,-rpath,"$TMP/c"
	core=$(run_for_core "$TMP/c/lib" "$TMP/c/useboom")
	expect_status 0 "$MORTEM" --print overview "$core"
	expect_grep 'Verdict +SIGSEGV in boom \(libboom.so\): a NULL pointer dereference \(address 0x0\)' "$TMP/out"
	have_gdb && same_as_gdb "$TMP/c/useboom" "$core"
else
	skip_part "no C compiler (cc): the C program's cores (segv, abort, fpe, handler, a shared library) are not made"
fi

# --- node, aborting in an HTTP handler -----------------------------------------
NODE=${NODE:-$(command -v node || true)}
if [ -n "$NODE" ]; then
	core=$(run_for_core "$TMP/node" env MORTEM_TEST_TOKEN=hunter2 MORTEM_TEST_PLAIN=visible \
		MORTEM_TEST_URL=postgres://app:hunter4@db.internal:5432/orders \
		"MORTEM_TEST_BYTES=$(printf 'a\377b')" \
		"$NODE" --abort-on-uncaught-exception "$CORES/node-abort.js" --db-password=hunter3)
	ok
	if [ -z "$core" ]; then
		fail "node --abort-on-uncaught-exception left no core"
	else
		expect_status 0 "$MORTEM" --print overview "$core"
		expect_grep 'Verdict +SIG(TRAP|ILL) in v8::base::OS::Abort: an uncaught exception under --abort-on-uncaught-exception' "$TMP/out"
		expect_grep 'Command line +.*node --abort-on-uncaught-exception .*node-abort.js --db-password=\[REDACTED\]$' "$TMP/out"
		expect_status 0 "$MORTEM" --no-redact --print overview "$core"
		expect_grep 'Command line +.* --db-password=hunter3$' "$TMP/out"
		expect_status 0 "$MORTEM" --print overview "$core"
		expect_status 0 "$MORTEM" --print backtrace "$core"
		cp "$TMP/out" "$TMP/bt-node"
		frames_in_order "$TMP/bt-node" v8::base::OS::Abort Isolate::CreateMessageOrAbort \
			Isolate::Throw Builtins_ Builtins_JSEntry Execution::Call \
			Parser::on_headers_complete uv_run node::Start
		# V8's generated code has no CFI: the frame pointers lead through it.
		expect_grep 'Builtins_InterpreterEntryTrampoline.* fp$' "$TMP/bt-node"
		expect_status 0 "$MORTEM" --print backtrace --format json "$core"
		expect_grep '"kind":[[:space:]]*"native"' "$TMP/out"
		expect_grep '"how":[[:space:]]*"cfi"' "$TMP/out"
		expect_status 0 "$MORTEM" --print env "$core"
		expect_grep '^MORTEM_TEST_TOKEN +\[REDACTED\]' "$TMP/out"
		expect_grep '^MORTEM_TEST_PLAIN +visible' "$TMP/out"
		# A value that holds credentials is masked whatever its name.
		expect_grep '^MORTEM_TEST_URL +postgres://app:\[REDACTED\]@db.internal:5432/orders' "$TMP/out"
		expect_no_grep 'hunter[24]' "$TMP/out"
		expect_status 0 "$MORTEM" --no-redact --print env "$core"
		expect_grep '^MORTEM_TEST_TOKEN +hunter2' "$TMP/out"
		# Bytes that are not UTF-8 stay out of the JSON text.
		expect_status 0 "$MORTEM" --print env --format json "$core"
		expect_grep '"value":[[:space:]]*"a.*b"' "$TMP/out"
		ok
		iconv -f UTF-8 -t UTF-8 "$TMP/out" >/dev/null 2>&1 || fail "env JSON is not UTF-8"
		expect_status 0 "$MORTEM" --print threads "$core"
		expect_grep '^ *0 .* main thread +v8::base::OS::Abort' "$TMP/out"
		expect_grep ' V8 platform worker +uv_cond_wait' "$TMP/out"
		expect_grep ' inspector I/O +uv_sem_wait' "$TMP/out"
		expect_status 0 "$MORTEM" --print backtrace --all-threads "$core"
		expect_grep '^thread 1 ' "$TMP/out"
		have_gdb && same_as_gdb "$NODE" "$core"
	fi

	# --- node out of memory ------------------------------------------------------
	core=$(run_for_core "$TMP/oom" "$NODE" --max-old-space-size=16 "$CORES/node-oom.js")
	ok
	if [ -z "$core" ]; then
		fail "node out of memory left no core"
	else
		expect_status 0 "$MORTEM" --print overview "$core"
		expect_grep 'Verdict +SIGABRT in node::OOMErrorHandler: V8 ran out of memory' "$TMP/out"
		expect_status 0 "$MORTEM" --print backtrace "$core"
		frames_in_order "$TMP/out" abort node::OOMErrorHandler FatalProcessOutOfMemory \
			Heap::CollectGarbage node::Start
		have_gdb && same_as_gdb "$NODE" "$core"
	fi

	# --- process.abort() from JavaScript --------------------------------------------
	core=$(run_for_core "$TMP/pabort" "$NODE" -e 'setTimeout(() => process.abort(), 1)')
	ok
	if [ -z "$core" ]; then
		fail "process.abort() left no core"
	else
		expect_status 0 "$MORTEM" --print overview "$core"
		expect_grep 'Verdict +SIGABRT in node::Abort: process.abort\(\) was called from JavaScript' "$TMP/out"
	fi

	# --- gcore of an idle node server ---------------------------------------------
	if command -v gcore >/dev/null 2>&1; then
		mkdir -p "$TMP/live"
		"$NODE" "$CORES/node-idle.js" >"$TMP/live/stdout" 2>&1 &
		pid=$!
		for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
			grep -q listening "$TMP/live/stdout" 2>/dev/null && break
			sleep 0.25
		done
		gcore -o "$TMP/live/core" "$pid" >/dev/null 2>&1 || true
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		if [ -f "$TMP/live/core.$pid" ]; then
			core=$TMP/live/core.$pid
			expect_status 0 "$MORTEM" --print overview "$core"
			expect_grep 'Verdict +not a crash: a snapshot of a live process \(gcore\); the main thread.s event loop is idle in epoll' "$TMP/out"
			expect_status 0 "$MORTEM" --print backtrace "$core"
			frames_in_order "$TMP/out" epoll_ uv__io_poll uv_run node::Start
			have_gdb && same_as_gdb "$NODE" "$core"
		else
			skip_part "gcore could not attach to node here (ptrace): the live-process core is not made"
		fi
	else
		skip_part "no gcore: the live-process core of an idle node server is not made"
	fi
else
	skip_part "no node: the node cores (abort, out of memory, process.abort, gcore) are not made"
fi

done_testing
