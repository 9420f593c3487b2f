#!/bin/sh
# The local image's stand-in for the official image's `zkServer.sh start-foreground`: the quorum main (standalone
# when zoo.cfg names no peers) on $ZOOCFGDIR/zoo.cfg, in the foreground so that the container is the server.
set -e
[ "${1:-start-foreground}" = start-foreground ] || { echo "only start-foreground is supported" >&2; exit 2; }
exec java ${JVMFLAGS:--Xmx256m -XX:TieredStopAtLevel=1} -Dzookeeper.admin.enableServer=false \
  -cp "${ZOOCFGDIR:-/conf}:/opt/zookeeper/conf:/opt/zookeeper/lib/*" \
  org.apache.zookeeper.server.quorum.QuorumPeerMain "${ZOOCFGDIR:-/conf}/zoo.cfg"
