#!/bin/sh
# samples/make-samples.sh: remake the demo reports (report-leak.json,
# report-pileup.json) from real node processes: a client leaking 300 sockets
# to a server that never answers, each writing its report while all 300
# connections are open (the scripts are the report fixtures' own,
# tests/fixtures/reports/leak-client.js and pileup-server.js).
#
#   sh samples/make-samples.sh      node from /usr/bin or /bin (or $NODE)
#
# The processes run in a neutral directory, $APP_DIR (/srv/app; made and
# removed here, so it must not exist), so that the reports' Directory and
# command line show an application's paths, not the tree that made them;
# under `env -i` with an ordinary environment and a few FAKE secrets, so
# that the demo has something to redact and nothing of the machine leaks.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
scripts=$here/../tests/fixtures/reports
NODE=${NODE:-node}
app=${APP_DIR:-/srv/app}
[ ! -e "$app" ] || { echo "make-samples: $app exists; set APP_DIR" >&2; exit 1; }
mkdir -p "$app"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$app"' EXIT
cp "$scripts/leak-client.js" "$scripts/pileup-server.js" "$app/"
cd "$app"

. "$scripts/fake-env.sh"

(run_env "$NODE" pileup-server.js report-pileup.json 300 >port 2>/dev/null) &
for _ in $(seq 50); do [ -s port ] && break; sleep 0.1; done
port=$(cat port)
(ulimit -n 360; run_env "$NODE" leak-client.js "$port" report-leak.json 300 2>/dev/null)
wait
for f in report-leak.json report-pileup.json; do
	[ -s "$f" ] || { echo "make-samples: $f was not written" >&2; exit 1; }
	cp "$f" "$here/$f"
done
echo "make-samples: done (port $port)"
