package io.metastate.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Small JDBC helpers for one-value queries. */
final class Queries {
  private Queries() {}

  /** The boolean a one-row query returns (an {@code EXISTS}), parameters bound in order. */
  static boolean flag(Connection c, String query, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
