package io.metastate.tck.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One direction of one proxied connection: a reader that stamps each chunk with its arrival time and a writer that
 * forwards it once its delay has passed, so that a delay shifts every chunk by the same time instead of adding up.
 */
final class Pipe {
  private static final byte[] END = new byte[0];

  private record Chunk(byte[] bytes, long dueNanos) {}

  private final Direction direction;
  private final Faults faults;
  private final Link link;
  private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();

  Pipe(Direction direction, Faults faults, Link link) {
    this.direction = direction;
    this.faults = faults;
    this.link = link;
  }

  void start(InputStream in, OutputStream out, String name) {
    daemon(() -> read(in), name + "-read-" + direction).start();
    daemon(() -> write(out), name + "-write-" + direction).start();
  }

  private void read(InputStream in) {
    byte[] buf = new byte[16384];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        byte[] chunk = Arrays.copyOf(buf, n);
        Faults.Verdict verdict = faults.onChunk(direction, chunk, link);
        if (verdict == Faults.Verdict.DROP) {
          continue;
        }
        queue.add(new Chunk(chunk, System.nanoTime() + faults.delayNanos(direction)));
      }
    } catch (IOException e) {
      // one side closed
    } finally {
      queue.add(new Chunk(END, 0));
    }
  }

  private void write(OutputStream out) {
    try {
      while (true) {
        Chunk c = queue.poll(1, TimeUnit.SECONDS);
        if (c == null) {
          if (link.isClosed()) {
            return;
          }
          continue;
        }
        if (c.bytes() == END) {
          return;
        }
        long wait;
        while ((wait = c.dueNanos() - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        out.write(c.bytes());
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // closed
    } finally {
      link.close();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
