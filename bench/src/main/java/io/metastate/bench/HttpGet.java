package io.metastate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code HttpGet URL}: prints a page's body, exit 1 unless it answers 200. CI's smoke run checks the status page. */
public final class HttpGet {
  private HttpGet() {}

  public static void main(String[] args) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(args[0])).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    System.out.println(r.body());
    System.exit(r.statusCode() == 200 ? 0 : 1);
  }
}
