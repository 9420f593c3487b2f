package io.metastate.postgresql;

/** The qualified names of one schema's tables and its NOTIFY channel. */
record SqlNames(String schema) {
  String revision() {
    return schema + ".revision";
  }

  String sessions() {
    return schema + ".sessions";
  }

  String nodes() {
    return schema + ".nodes";
  }

  String claims() {
    return schema + ".lock_claims";
  }

  String events() {
    return schema + ".events";
  }

  String sessionIds() {
    return schema + ".session_ids";
  }

  String tokens() {
    return schema + ".fencing_tokens";
  }

  /** Every client of the schema listens here. */
  String channel() {
    return "metastate_" + schema;
  }
}
