package io.metastate.bench;

/** One operation under measurement; {@code thread} is 0..threads-1, {@code i} counts this thread's calls. */
@FunctionalInterface
public interface BenchOp {
  void run(int thread, long i) throws Exception;
}
