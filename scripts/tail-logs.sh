#!/bin/sh
# Follows our components' logs on a Greengrass core: <root>/logs/<ComponentName>.log
# (docs/greengrass-behaviour.md#log-files). Works for the local core too (--root ./greengrass/v2).
# POSIX sh: runs under dash and bash.
set -eu

usage() {
  cat <<'USAGE'
Usage: scripts/tail-logs.sh [options]

Follows <root>/logs/<name>.log of com.custom.ImageClassifier, com.custom.requester and
com.custom.LiveView (names from recipes/*.yaml), waiting for files that do not exist yet. Uses sudo when the
logs are not readable (the nucleus's log folder is root's).

Options:
  --root DIR        Greengrass root folder (default: /greengrass/v2; ./greengrass/v2 for
                    the local core of npm start)
  -n LINES          lines of history to show first (default: 20)
  --no-follow       print the last lines and exit
  -h, --help        show this help
Environment:
  SUDO              command used to gain root (default: sudo; empty for none)
USAGE
}

script_name=tail-logs.sh
. "$(dirname -- "$0")/lib/common.sh"
gg_root=/greengrass/v2
lines=20
follow=true
while [ "$#" -gt 0 ]; do
  case "$1" in
    --root|-n)
      [ "$#" -ge 2 ] || fail "$1 needs a value"
      if [ "$1" = --root ]; then gg_root=$2; else lines=$2; fi
      shift 2 ;;
    --no-follow) follow=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) unknown_option "$1" ;;
  esac
done
case "$lines" in ''|*[!0-9]*) fail "-n needs a number of lines, not '$lines'" ;; esac

set --
need_root=false
names=$(component_names)
old_ifs=$IFS
IFS=,
for name in $names; do
  IFS=$old_ifs
  log="$gg_root/logs/$name.log"
  if [ -e "$log" ] && [ ! -r "$log" ]; then need_root=true; fi
  if [ ! -e "$log" ] && [ -d "$gg_root/logs" ] && [ ! -r "$gg_root/logs" ]; then need_root=true; fi
  if [ "$follow" = false ] && [ ! -e "$log" ] && [ "$need_root" = false ]; then
    echo "tail-logs.sh: $log does not exist (yet)" >&2
    continue
  fi
  set -- "$@" "$log"
done
IFS=$old_ifs
[ "$#" -gt 0 ] || fail "no log files under $gg_root/logs"

if [ "$follow" = true ]; then set -- -F "$@"; fi
set -- tail -n "$lines" "$@"
if [ "$need_root" = true ]; then
  sudo_cmd=$(root_prefix)
  [ -z "$sudo_cmd" ] || set -- "$sudo_cmd" "$@"
fi
exec "$@"
