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

# An image is rebuilt when what it is made of changed (this script, the etcd binary, the ZooKeeper version): the
# label metastate.source holds a digest of those, so a machine that keeps /var/lib/docker reuses a current image.
source_digest() { cat "$here/build.sh" "$here/zookeeper/"* "$@" 2>/dev/null | sha256sum | cut -c1-16; }
have_image() {
  [ "$force" != "--force" ] && [ "$(docker image inspect -f '{{index .Config.Labels "metastate.source"}}' "$1" \
      2>/dev/null)" = "$2" ]
}
# Tags the root filesystem $1 as image $2 (label $3, further --change options after), dropping the image it replaces.
import_rootfs() {
  local rootfs="$1" image="$2" digest="$3"; shift 3
  local old; old="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
  tar -C "$rootfs" -c . | docker import --change "LABEL metastate.source=$digest" --change 'WORKDIR /' "$@" - "$image" \
      >/dev/null
  [ -z "$old" ] || docker rmi "$old" >/dev/null 2>&1 || true
}

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
  local etcd; etcd="$(command -v etcd)" || { echo "build.sh: no etcd binary (apt-get install etcd-server)" >&2; exit 1; }
  local digest; digest="$(source_digest "$etcd")"
  if have_image "$etcd_image" "$digest"; then echo "build.sh: $etcd_image is current"; return; fi
  local version; version="$("$etcd" --version | sed -n 's/^etcd Version: //p')"
  case "$etcd_image" in *":v$version") ;; *) echo "build.sh: note: tagging etcd $version as $etcd_image";; esac
  local rootfs="$work/etcd"
  base_rootfs "$rootfs"
  copy_with_libs "$rootfs" "$etcd"
  mv "$rootfs$etcd" "$rootfs/usr/local/bin/etcd" 2>/dev/null || true
  # The official image keeps etcd at /usr/local/bin/etcd; the tests always give the full command line.
  import_rootfs "$rootfs" "$etcd_image" "$digest" --change 'CMD ["/usr/local/bin/etcd"]'
  echo "build.sh: built $etcd_image (etcd $version, $(du -sh "$rootfs" | cut -f1))"
}

build_zookeeper() {
  local zk_version
  zk_version="$(sed -n 's:.*<zookeeper.version>\(.*\)</zookeeper.version>.*:\1:p' "$root/pom.xml")"
  local digest; digest="$(echo "$zk_version" | source_digest -)"
  if have_image "$zk_image" "$digest"; then echo "build.sh: $zk_image is current"; return; fi
  local rootfs="$work/zookeeper"
  base_rootfs "$rootfs"
  # The server jars: ZooKeeper and its runtime dependencies, through Maven (the project's own repository settings).
  "$root/mvnw" -q -B -f "$here/zookeeper/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
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
  import_rootfs "$rootfs" "$zk_image" "$digest" --change 'ENV PATH=/usr/local/bin:/opt/java/bin:/usr/bin:/bin' \
      --change 'ENV ZOOCFGDIR=/conf' --change 'CMD ["zkServer.sh", "start-foreground"]'
  echo "build.sh: built $zk_image (ZooKeeper $zk_version, $(du -sh "$rootfs" | cut -f1))"
}

build_etcd
build_zookeeper
