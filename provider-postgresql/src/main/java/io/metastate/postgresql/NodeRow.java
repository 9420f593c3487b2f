package io.metastate.postgresql;

import io.metastate.state.Stat;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One row of the nodes table as read. */
record NodeRow(String path, byte[] data, long version, long createRevision, long modRevision, long owner) {
  /** The columns {@link #read} expects, in order. */
  static final String COLUMNS = "path, data, version, create_revision, mod_revision, ephemeral_owner";

  static NodeRow read(ResultSet rs) throws SQLException {
    return new NodeRow(rs.getString(1), rs.getBytes(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
  }

  Stat stat() {
    return new Stat(version, createRevision, modRevision, owner);
  }

  boolean isEphemeral() {
    return owner != Stat.NO_OWNER;
  }
}
