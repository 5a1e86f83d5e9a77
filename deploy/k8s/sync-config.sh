#!/usr/bin/env bash
# Copies the repo's config/*.yaml into deploy/k8s/base/config/ for kustomize's
# configMapGenerator. kustomize only reads files under a kustomization's root, and
# config/ must remain the single copy under version control, so base/config/ is a
# git-ignored build product: run this (or `make k8s-config`) before `kubectl apply -k`.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="$repo_root/config"
dst="$repo_root/deploy/k8s/base/config"
shopt -s nullglob
files=("$src"/*.yaml)
if ((${#files[@]} == 0)); then
  echo "sync-config: no $src/*.yaml to copy" >&2
  exit 1
fi
# Remove stale copies so a file deleted from config/ disappears here too.
find "$dst" -maxdepth 1 -name '*.yaml' -delete
cp -p "${files[@]}" "$dst"/
echo "sync-config: ${#files[@]} file(s) from config/ -> deploy/k8s/base/config/"
