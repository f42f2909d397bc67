#!/usr/bin/env bash
# Installs the Debian packages kube-rulec's kernel and lab tests need: iptables (nf_tables
# backend), nftables, ipset, iproute2 (ip netns), conntrack, nfacct and ipvsadm. Needs root. Does
# nothing when everything is already there.
set -euo pipefail
need=()
for pair in iptables:iptables ip6tables:iptables nft:nftables ipset:ipset ip:iproute2 conntrack:conntrack nfacct:nfacct ipvsadm:ipvsadm; do
  cmd=${pair%%:*} pkg=${pair##*:}
  command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: missing ${need[*]}; run this script as root (sudo)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u) >/dev/null
echo "install-test-deps: installed $(printf '%s ' "${need[@]}" | xargs -n1 | sort -u | xargs)"
