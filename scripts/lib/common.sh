# Helpers sourced by scripts/*.sh (POSIX sh: dash and bash). The sourcing script sets
# script_name and defines usage() first.

project_root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)

fail() {
  echo "$script_name: $*" >&2
  exit 1
}

unknown_option() {
  echo "$script_name: unknown option '$1'" >&2
  usage >&2
  exit 2
}

# recipe_field FILE KEY: a top-level scalar of a recipe as the build writes it (KEY: value).
recipe_field() {
  sed -n "s/^$2: *//p" "$1" | tr -d "\"'"
}

# The component names of this project, comma-separated, from the source recipes.
component_names() {
  names=''
  for recipe in "$project_root"/recipes/*.yaml; do
    name=$(recipe_field "$recipe" ComponentName)
    [ -n "$name" ] || fail "$recipe has no ComponentName"
    names=${names:+$names,}$name
  done
  echo "$names"
}

# What to prefix a command with to run it as root: nothing when already root, else $SUDO
# (default sudo; set SUDO= to run without).
root_prefix() {
  if [ "$(id -u)" -eq 0 ]; then echo ''; else echo "${SUDO-sudo}"; fi
}

# run_greengrass_cli DRY_RUN ARGS...: runs $gg_root's greengrass-cli (or $GREENGRASS_CLI) with
# ARGS as root, or only prints the command when DRY_RUN is true.
run_greengrass_cli() {
  dry=$1
  shift
  cli=${GREENGRASS_CLI:-$gg_root/bin/greengrass-cli}
  sudo_cmd=$(root_prefix)
  set -- "$cli" "$@"
  [ -z "$sudo_cmd" ] || set -- "$sudo_cmd" "$@"
  if [ "$dry" = true ]; then
    echo "$*"
    return 0
  fi
  [ -x "$cli" ] || [ -n "${GREENGRASS_CLI:-}" ] ||
    fail "$cli not found: deploy aws.greengrass.Cli to this core (or install the core with --deploy-dev-tools true)"
  "$@"
}
