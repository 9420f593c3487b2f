package io.metastate.tck.selftest;

/** Runs kit tests matching args[1..] against a kit class args[0]; prints the report. For working on the kit. */
final class Debug {
  public static void main(String[] args) throws Exception {
    Class<?> kit = Class.forName(args[0]);
    String[] fragments = java.util.Arrays.copyOfRange(args, 1, args.length);
    long start = System.nanoTime();
    var r = KitRun.run(kit, fragments.length == 0 ? p -> true : KitRun.anyOf(fragments));
    System.out.println(r.render());
    System.out.printf("took %.1f s%n", (System.nanoTime() - start) / 1e9);
    System.exit(0);
  }
}
