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
