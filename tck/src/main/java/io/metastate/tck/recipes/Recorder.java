package io.metastate.tck.recipes;

import io.metastate.CoordinationClient;
import io.metastate.recipes.election.Leadership;
import io.metastate.recipes.election.LeadershipListener;
import io.metastate.recipes.election.LossReason;
import io.metastate.session.SessionState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records a candidate's leadership events, with the session state seen at each revocation. */
final class Recorder implements LeadershipListener {
  private final CoordinationClient client;
  final List<String> events = new CopyOnWriteArrayList<>();
  volatile SessionState stateAtRevocation;

  Recorder(CoordinationClient client) {
    this.client = client;
  }

  @Override
  public void elected(Leadership leadership) {
    events.add("elected");
  }

  @Override
  public void revoked(Leadership leadership, LossReason reason) {
    stateAtRevocation = client.session().state();
    events.add("revoked:" + reason);
  }
}
