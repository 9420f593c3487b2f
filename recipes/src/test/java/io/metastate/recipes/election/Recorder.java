package io.metastate.recipes.election;

import io.metastate.CoordinationClient;
import io.metastate.session.SessionState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records a candidate's leadership events, with the session state seen at each revocation. */
final class Recorder implements LeadershipListener {
  private final CoordinationClient client;
  final List<String> events = new CopyOnWriteArrayList<>();
  volatile SessionState stateAtRevocation;
  volatile Leadership lastElected;

  Recorder(CoordinationClient client) {
    this.client = client;
  }

  @Override
  public void elected(Leadership leadership) {
    lastElected = leadership;
    events.add("elected");
  }

  @Override
  public void revoked(Leadership leadership, LossReason reason) {
    stateAtRevocation = client.session().state();
    events.add("revoked:" + reason);
  }
}
