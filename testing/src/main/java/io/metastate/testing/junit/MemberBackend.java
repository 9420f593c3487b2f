package io.metastate.testing.junit;

import java.util.List;

/** A running backend of servers this JVM started: each fault hook goes to the member it names. */
abstract class MemberBackend implements RunningBackend {
  private final List<? extends Member> members;

  MemberBackend(List<? extends Member> members) {
    this.members = List.copyOf(members);
  }

  @Override
  public final int size() {
    return members.size();
  }

  @Override
  public final void pause(int member) {
    members.get(member).pause();
  }

  @Override
  public final void resume(int member) {
    members.get(member).resume();
  }

  @Override
  public final void kill(int member) {
    members.get(member).kill();
  }

  @Override
  public final void restart(int member) {
    members.get(member).restart();
  }

  @Override
  public final boolean isRunning(int member) {
    return members.get(member).isRunning();
  }
}
