#!/bin/sh
# ctest capi_install_pkgconfig: install liblethe into a prefix, build a C file with
# `pkg-config --cflags --libs lethe` as another project would, and run it.
# Usage: install_test.sh BUILD_DIR PREFIX SOURCE CC CMAKE. Exit 77 (skipped) without pkg-config.
set -eu
build_dir=$1 prefix=$2 source=$3 cc=$4 cmake=$5

if ! command -v pkg-config >/dev/null 2>&1; then
  echo "pkg-config is missing: skipped"
  exit 77
fi

rm -rf "$prefix"
"$cmake" --install "$build_dir" --prefix "$prefix" --component lethe_library
pc=$(find "$prefix" -name lethe.pc)
test -n "$pc" || { echo "no lethe.pc under $prefix"; exit 1; }

# The one line a user types.
PKG_CONFIG_PATH=$(dirname "$pc") && export PKG_CONFIG_PATH
"$cc" -std=c99 -Wall -Werror "$source" $(pkg-config --cflags --libs lethe) -o "$prefix/install_test"
"$prefix/install_test"
