package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.config.MetaStateConfig;
import io.metastate.session.Session;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code status}: provider, endpoints, session, TTL, server version where the engine tells it. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Connect and show the provider, its endpoints, this command's session (id, state, TTL, owner)"
        + " and the server's version where the engine tells it (etcd: /version; ZooKeeper: 'srvr')."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate status", "  metastate --provider zookeeper --set zookeeper.connect=127.0.0.1:2181 status"
        + " -o json"})
final class StatusCommand extends BackendCommand {
  @Mixin
  Output output;

  StatusCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) {
    MetaStateConfig config = options().config();
    String provider = client.providerName();
    String endpoints = config.get(KnownKeys.endpointKey(provider)).orElse(null);
    Session session = client.session();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("provider", provider);
    status.put("endpoints", endpoints);
    status.put("owner", session.ownerId());
    status.put("session", session.id());
    status.put("sessionState", session.state().name());
    status.put("ttl", Output.duration(session.ttl()));
    status.put("serverVersion", ServerVersion.probe(provider, endpoints).orElse(null));
    if (output.json()) {
      Output.printJson(io.out(), status);
      return ExitCodes.OK;
    }
    io.out().println("provider  " + provider);
    io.out().println("endpoints " + (endpoints == null ? "(not configured)" : endpoints));
    io.out().println("owner     " + session.ownerId());
    io.out().println("session   " + Output.hex(session.id()) + " " + session.state());
    io.out().println("ttl       " + Output.duration(session.ttl()));
    io.out().println("server    " + (status.get("serverVersion") == null ? "(version not reported)"
        : status.get("serverVersion")));
    io.out().flush();
    return ExitCodes.OK;
  }
}
