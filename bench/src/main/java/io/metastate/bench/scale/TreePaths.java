package io.metastate.bench.scale;

/**
 * The tree-size curve's layout: {@code /tree/b<k>/n<i>}, node i in bucket i/100, 100-byte values. The fan-out stays
 * 100 as the tree grows, so that a children call returns as many names at every size and shows the tree's cost only.
 */
final class TreePaths {
  static final byte[] VALUE = new byte[100];
  static final int FAN_OUT = 100;

  private TreePaths() {}

  static String bucket(int bucket) {
    return "/tree/b" + bucket;
  }

  static String node(int node) {
    return bucket(node / FAN_OUT) + "/n" + node;
  }
}
