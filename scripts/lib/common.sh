# Shared helpers for the scripts in scripts/. Source it; do not run it.
# shellcheck shell=bash

# Resolve the repository root from this file, so the scripts work from any
# working directory and from any clone location.
# shellcheck disable=SC2034 # used by the scripts that source this file
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly REPO_ROOT

# No internet here, and the .NET first-run banner is noise in CI logs.
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The system interpreter: python3 on PATH may be a pyenv build without the
# Debian-packaged aiosmtpd.
readonly SYSTEM_PYTHON=/usr/bin/python3

# Debian's nginx (it is not on a non-root user's PATH).
readonly NGINX=/usr/sbin/nginx

say() { printf '%s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# Prints N currently free loopback TCP ports, one per line. All sockets stay
# bound until every port is chosen, so the same port is never handed out twice.
free_ports() {
  local count="$1"
  "$SYSTEM_PYTHON" - "$count" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
PY
}

# Newest installed PostgreSQL server binaries, e.g. /usr/lib/postgresql/15/bin.
postgres_bin_dir() {
  local dir
  dir="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null \
    | sort -V | tail -n 1)"
  [[ -n "$dir" ]] || return 1
  dirname "$dir"
}

# Writes the template $1 to $2 with each @@NAME@@ replaced by the value of a NAME=VALUE argument, and
# fails if any @@NAME@@ is left (deploy/nginx's templates are filled in this way).
render_template() {
  local template="$1" out="$2" text assignment
  shift 2
  text="$(<"$template")"
  for assignment in "$@"; do
    # Quoted pattern and replacement: bash 5.2 would otherwise read & in a value as the match.
    text="${text//"@@${assignment%%=*}@@"/"${assignment#*=}"}"
  done
  if [[ "$text" =~ @@[A-Z_]+@@ ]]; then
    die "$template: no value given for ${BASH_REMATCH[0]}"
  fi
  printf '%s\n' "$text" >"$out"
}
