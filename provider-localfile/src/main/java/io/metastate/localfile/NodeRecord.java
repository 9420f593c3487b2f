package io.metastate.localfile;

import io.metastate.state.Stat;
import java.nio.ByteBuffer;

/**
 * One node as stored in the MVStore: its stat, the next sequential suffix for its children, and its data. Encoded
 * as a byte array so that the map needs no custom H2 data type.
 */
record NodeRecord(byte[] data, long version, long createRevision, long modRevision, long owner, long nextSequence) {
  private static final int HEADER = 5 * Long.BYTES;

  static NodeRecord created(byte[] data, long revision, long owner) {
    return new NodeRecord(data, 0, revision, revision, owner, 0);
  }

  NodeRecord withData(byte[] newData, long revision) {
    return new NodeRecord(newData, version + 1, createRevision, revision, owner, nextSequence);
  }

  NodeRecord withNextSequence(long next) {
    return new NodeRecord(data, version, createRevision, modRevision, owner, next);
  }

  boolean isEphemeral() {
    return owner != Stat.NO_OWNER;
  }

  Stat stat() {
    return new Stat(version, createRevision, modRevision, owner);
  }

  byte[] encode() {
    ByteBuffer buf = ByteBuffer.allocate(HEADER + data.length);
    buf.putLong(version).putLong(createRevision).putLong(modRevision).putLong(owner).putLong(nextSequence);
    buf.put(data);
    return buf.array();
  }

  static NodeRecord decode(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    long version = buf.getLong();
    long createRevision = buf.getLong();
    long modRevision = buf.getLong();
    long owner = buf.getLong();
    long nextSequence = buf.getLong();
    byte[] data = new byte[bytes.length - HEADER];
    buf.get(data);
    return new NodeRecord(data, version, createRevision, modRevision, owner, nextSequence);
  }
}
