#!/bin/sh
# Removes this project's components from the Greengrass core on this machine with
# greengrass-cli (deployment create --remove). POSIX sh: runs under dash and bash.
set -eu

usage() {
  cat <<'USAGE'
Usage: scripts/remove-local.sh [options]

Removes the components named in recipes/*.yaml (com.custom.ImageClassifier,
com.custom.requester, com.custom.LiveView, com.custom.NodeRuntime) from the local deployment of
the Greengrass core on this machine:
  greengrass-cli deployment create --remove com.custom.ImageClassifier,com.custom.LiveView,...
run with sudo unless already root. Components deployed from the cloud to a thing group stay;
remove them with a new cloud deployment (or add --groupId through greengrass-cli yourself).

Options:
  --root DIR        Greengrass root folder (default: /greengrass/v2)
  --dry-run         print the command instead of running it
  -h, --help        show this help
Environment:
  GREENGRASS_CLI    greengrass-cli to run (default: <root>/bin/greengrass-cli)
  SUDO              command used to gain root (default: sudo; empty for none)
USAGE
}

script_name=remove-local.sh
. "$(dirname -- "$0")/lib/common.sh"
gg_root=/greengrass/v2
dry_run=false
while [ "$#" -gt 0 ]; do
  case "$1" in
    --root) [ "$#" -ge 2 ] || fail "$1 needs a value"; gg_root=$2; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) unknown_option "$1" ;;
  esac
done

names=$(component_names)

run_greengrass_cli "$dry_run" deployment create --remove "$names"
