package io.metastate.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** The meters and observations of one instrumented client: its registries and its {@code provider} tag. */
final class Meters {
  static final String OUTCOME = "outcome";

  final MeterRegistry registry;
  final ObservationRegistry observations;
  final String provider;

  Meters(MeterRegistry registry, ObservationRegistry observations, String provider) {
    this.registry = registry;
    this.observations = observations;
    this.provider = provider;
  }

  Tags tags(String... keyValues) {
    return Tags.of("provider", provider).and(keyValues);
  }

  Counter counter(String name, String description, String... keyValues) {
    return Counter.builder(name).description(description).tags(tags(keyValues)).register(registry);
  }

  /** An observation, not yet started, with the provider and the given low-cardinality tags. */
  Observation observation(String name, String... keyValues) {
    Observation o = Observation.createNotStarted(name, observations).lowCardinalityKeyValue("provider", provider);
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      o.lowCardinalityKeyValue(keyValues[i], keyValues[i + 1]);
    }
    return o;
  }

  /** Runs {@code body} observed; the outcome tag is {@code outcome(result)}, or the error's kind when it throws. */
  <T> T observe(Observation o, Supplier<T> body, Function<? super T, String> outcome) {
    return observe(o, body, outcome, Outcomes::of);
  }

  /**
   * Runs an acquisition observed: {@code acquired} or {@code timeout} by whether it returned a lease, and
   * {@code cancelled} or {@code failed} when it throws (see {@link Outcomes#ofAcquire}).
   */
  <T> Optional<T> observeAcquire(Observation o, Supplier<Optional<T>> acquire) {
    return observe(o, acquire, r -> r.isPresent() ? Outcomes.ACQUIRED : Outcomes.TIMEOUT, Outcomes::ofAcquire);
  }

  /**
   * Starts {@code o} and makes an asynchronous call, returning what it returns (the caller ends {@code o} when that
   * completes); a call that throws at once ends {@code o} here, its outcome tag {@code failure(e)}.
   */
  <F> F startAsync(Observation o, Supplier<F> call, Function<Throwable, String> failure) {
    o.start();
    try {
      return call.get();
    } catch (RuntimeException e) {
      o.lowCardinalityKeyValue(OUTCOME, failure.apply(e)).error(e).stop();
      throw e;
    }
  }

  private <T> T observe(Observation o, Supplier<T> body, Function<? super T, String> outcome,
      Function<Throwable, String> failure) {
    return o.observe(() -> {
      try {
        T result = body.get();
        o.lowCardinalityKeyValue(OUTCOME, outcome.apply(result));
        return result;
      } catch (RuntimeException | Error e) {
        o.lowCardinalityKeyValue(OUTCOME, failure.apply(e));
        throw e;
      }
    });
  }
}
