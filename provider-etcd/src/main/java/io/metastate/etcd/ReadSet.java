package io.metastate.etcd;

import java.util.LinkedHashSet;
import java.util.Set;

/** The keys and children ranges a plan depends on, read in one go (in this order: keys, then ranges). */
final class ReadSet {
  final Set<String> keys = new LinkedHashSet<>();
  final Set<String> ranges = new LinkedHashSet<>();
}
