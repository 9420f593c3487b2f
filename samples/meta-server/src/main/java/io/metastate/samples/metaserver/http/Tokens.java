package io.metastate.samples.metaserver.http;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * The bearer tokens that authenticate app nodes and administrators.
 *
 * @param node the token app nodes present
 * @param admin the token administrators present; it is also accepted wherever the node token is
 */
public record Tokens(String node, String admin) {
  public Tokens {
    if (node == null || node.length() < 8 || admin == null || admin.length() < 8) {
      throw new IllegalArgumentException("node and admin tokens must be at least 8 characters");
    }
    if (node.equals(admin)) {
      throw new IllegalArgumentException("node and admin tokens must differ, or nodes would be administrators");
    }
  }

  /**
   * Checks an {@code Authorization} header against a route's access.
   *
   * @throws ApiException 401 when no bearer token is presented, 403 when it does not grant the access
   */
  public void check(Access access, String authorization) {
    if (access == Access.PUBLIC) {
      return;
    }
    if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() == 7) {
      throw new ApiException(401, "this call needs 'Authorization: Bearer <token>' (" + access.name().toLowerCase()
          + " token)");
    }
    String presented = authorization.substring(7).trim();
    boolean admin = same(presented, this.admin);
    boolean granted = admin || (access == Access.NODE && same(presented, node));
    if (!granted) {
      throw new ApiException(403, "the presented token does not grant " + access.name().toLowerCase() + " access");
    }
  }

  private static boolean same(String a, String b) {
    // Constant-time, so response timing does not leak how much of a token matched.
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
