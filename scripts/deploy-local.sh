#!/bin/sh
# Deploys the built components to the Greengrass core on this machine with greengrass-cli
# (docs/greengrass-behaviour.md#greengrass-cli). POSIX sh: runs under dash and bash.
set -eu

usage() {
  cat <<'USAGE'
Usage: scripts/deploy-local.sh [options]

Deploys every component built into greengrass-build/ (npm run build, or gdk component build)
to the Greengrass core on this machine:
  greengrass-cli deployment create --recipeDir <abs>/recipes --artifactDir <abs>/artifacts \
    --merge com.custom.ImageClassifier=<version> --merge com.custom.LiveView=<version> ...
run with sudo unless already root. Follow it with scripts/tail-logs.sh.

Options:
  --build-dir DIR   build output (default: <project>/greengrass-build)
  --root DIR        Greengrass root folder (default: /greengrass/v2)
  --without NAME    leave that component out, e.g. --without com.custom.LiveView (repeatable)
  --dry-run         print the command instead of running it
  -h, --help        show this help
Environment:
  GREENGRASS_CLI    greengrass-cli to run (default: <root>/bin/greengrass-cli)
  SUDO              command used to gain root (default: sudo; empty for none)
USAGE
}

script_name=deploy-local.sh
. "$(dirname -- "$0")/lib/common.sh"
build_dir="$project_root/greengrass-build"
gg_root=/greengrass/v2
dry_run=false
without=' '
while [ "$#" -gt 0 ]; do
  case "$1" in
    --without)
      [ "$#" -ge 2 ] || fail "$1 needs a component name"
      without="$without$2 "
      shift 2 ;;
    --build-dir|--root)
      [ "$#" -ge 2 ] || fail "$1 needs a value"
      if [ "$1" = --build-dir ]; then build_dir=$2; else gg_root=$2; fi
      shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) unknown_option "$1" ;;
  esac
done

[ -d "$build_dir/recipes" ] && [ -d "$build_dir/artifacts" ] ||
  fail "no build output in $build_dir (recipes/ and artifacts/): run 'npm run build' first"
build_dir=$(CDPATH='' cd -- "$build_dir" && pwd)

# This device's zip must be there (the build may have made only another platform's).
case "$(uname -m)" in
  x86_64|amd64) platform=linux-x64 ;;
  aarch64|arm64) platform=linux-arm64 ;;
  *) fail "this machine is $(uname -m); the components are built for x86_64 and aarch64 only" ;;
esac

set --
for recipe in "$build_dir"/recipes/*.yaml; do
  [ -f "$recipe" ] || fail "no recipes in $build_dir/recipes: run 'npm run build' first"
  name=$(recipe_field "$recipe" ComponentName)
  version=$(recipe_field "$recipe" ComponentVersion)
  [ -n "$name" ] && [ -n "$version" ] || fail "$recipe has no ComponentName/ComponentVersion"
  case "$without" in *" $name "*) continue ;; esac
  found=false
  for zip in "$build_dir/artifacts/$name/$version"/*-"$platform".zip; do
    [ -f "$zip" ] && found=true
  done
  [ "$found" = true ] ||
    fail "no $platform zip for $name in $build_dir/artifacts/$name/$version: run 'npm run build -- --arch host' on this machine"
  set -- "$@" --merge "$name=$version"
done

run_greengrass_cli "$dry_run" deployment create \
  --recipeDir "$build_dir/recipes" --artifactDir "$build_dir/artifacts" "$@"
[ "$dry_run" = true ] || echo "Follow the components with: scripts/tail-logs.sh --root $gg_root"
