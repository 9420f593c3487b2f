#!/usr/bin/env bash
# Builds the two images the Testcontainers mode of metastate-testing asks for by default, from what this machine
# already has (no image registry is reachable here): etcd from Debian's etcd-server binary, ZooKeeper from a jlink'd
# JRE of the JDK plus the ZooKeeper server jars from Maven Central. Each image is a minimal root filesystem given to
# `docker import`, tagged with the official image's name so that tests need no setting:
#   gcr.io/etcd-development/etcd:v3.4.23   (Debian bookworm's etcd-server is 3.4.23)
#   zookeeper:3.9                          (the project's zookeeper.version, 3.9.x)
# Elsewhere those names are pulled from their registries instead. Usage: .ci/images/build.sh [--force]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
force="${1:-}"

etcd_image="${METASTATE_TESTING_ETCD_IMAGE:-gcr.io/etcd-development/etcd:v3.4.23}"
zk_image="${METASTATE_TESTING_ZOOKEEPER_IMAGE:-zookeeper:3.9}"
work="$(mktemp -d /tmp/metastate-images.XXXXXX)"
trap 'rm -rf "$work"' EXIT

have_image() { [ "$force" != "--force" ] && docker image inspect "$1" >/dev/null 2>&1; }

# Copies each file and every shared library it loads (per ldd) into the root filesystem $1, at the same paths.
copy_with_libs() {
  local rootfs="$1"; shift
  local f lib
  for f in "$@"; do
    mkdir -p "$rootfs$(dirname "$f")"
    cp -L "$f" "$rootfs$f"
    for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*' || true); do
      [ -e "$rootfs$lib" ] && continue
      mkdir -p "$rootfs$(dirname "$lib")"
      cp -L "$lib" "$rootfs$lib"
    done
  done
}

base_rootfs() {
  local rootfs="$1"
  mkdir -p "$rootfs"/{tmp,data,etc,bin,usr/local/bin}
  chmod 1777 "$rootfs/tmp"
  echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
  echo 'root:x:0:' > "$rootfs/etc/group"
  echo '127.0.0.1 localhost' > "$rootfs/etc/hosts"
}

build_etcd() {
  if have_image "$etcd_image"; then echo "build.sh: $etcd_image present"; return; fi
  local etcd; etcd="$(command -v etcd)" || { echo "build.sh: no etcd binary (apt-get install etcd-server)" >&2; exit 1; }
  local version; version="$("$etcd" --version | sed -n 's/^etcd Version: //p')"
  case "$etcd_image" in *":v$version") ;; *) echo "build.sh: note: tagging etcd $version as $etcd_image";; esac
  local rootfs="$work/etcd"
  base_rootfs "$rootfs"
  copy_with_libs "$rootfs" "$etcd"
  mv "$rootfs$etcd" "$rootfs/usr/local/bin/etcd" 2>/dev/null || true
  # The official image keeps etcd at /usr/local/bin/etcd; the tests always give the full command line.
  tar -C "$rootfs" -c . | docker import --change 'CMD ["/usr/local/bin/etcd"]' \
      --change 'WORKDIR /' - "$etcd_image" >/dev/null
  echo "build.sh: built $etcd_image (etcd $version, $(du -sh "$rootfs" | cut -f1))"
}

build_zookeeper() {
  if have_image "$zk_image"; then echo "build.sh: $zk_image present"; return; fi
  local zk_version
  zk_version="$(sed -n 's:.*<zookeeper.version>\(.*\)</zookeeper.version>.*:\1:p' "$root/pom.xml")"
  local rootfs="$work/zookeeper"
  base_rootfs "$rootfs"
  # The server jars: ZooKeeper and its runtime dependencies, through Maven (the project's own repository settings).
  mvn -q -B -f "$here/zookeeper/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
      -Dzookeeper.version="$zk_version" -DoutputDirectory="$rootfs/opt/zookeeper/lib"
  rm -rf "$here/zookeeper/target"
  # A small runtime with the modules the server uses (JMX, SASL/Kerberos for auth, JNDI for ZooKeeper's JMX naming).
  local jdk; jdk="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
  "$jdk/bin/jlink" --output "$rootfs/opt/java" --strip-debug --no-header-files --no-man-pages --compress=2 \
      --add-modules java.base,java.management,java.naming,java.security.jgss,java.security.sasl,java.xml,java.sql,jdk.management,jdk.unsupported,jdk.crypto.ec,java.logging
  copy_with_libs "$rootfs" /bin/sh
  local so
  for so in "$rootfs"/opt/java/bin/java $(find "$rootfs/opt/java/lib" -name '*.so'); do
    for lib in $(ldd "$so" 2>/dev/null | grep -o '/[^ ]*' || true); do
      case "$lib" in "$rootfs"*) continue;; esac
      [ -e "$rootfs$lib" ] || { mkdir -p "$rootfs$(dirname "$lib")"; cp -L "$lib" "$rootfs$lib"; }
    done
  done
  mkdir -p "$rootfs/conf" "$rootfs/opt/zookeeper/conf"
  cp "$here/zookeeper/logback.xml" "$rootfs/opt/zookeeper/conf/"
  install -m 0755 "$here/zookeeper/zkServer.sh" "$rootfs/usr/local/bin/zkServer.sh"
  # Like the official image: configuration in /conf/zoo.cfg, data in /data, `zkServer.sh start-foreground`.
  tar -C "$rootfs" -c . | docker import \
      --change 'ENV PATH=/usr/local/bin:/opt/java/bin:/usr/bin:/bin' --change 'ENV ZOOCFGDIR=/conf' \
      --change 'CMD ["zkServer.sh", "start-foreground"]' --change 'WORKDIR /' - "$zk_image" >/dev/null
  echo "build.sh: built $zk_image (ZooKeeper $zk_version, $(du -sh "$rootfs" | cut -f1))"
}

build_etcd
build_zookeeper
