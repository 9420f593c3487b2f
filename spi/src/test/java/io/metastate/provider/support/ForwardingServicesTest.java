package io.metastate.provider.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.lock.DistributedLockService;
import io.metastate.state.MetaStateService;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of a forwarding service reaches the delegate with the caller's arguments and answers with the
 * delegate's answer: a method left out, or forwarded to the wrong overload, fails here.
 */
class ForwardingServicesTest {
  static Stream<Arguments> services() {
    return Stream.of(
        forwarding(DistributedLockService.class, d -> new ForwardingLockService(d) { }),
        forwarding(MetaStateService.class, d -> new ForwardingMetaStateService(d) { }));
  }

  private static <T> Arguments forwarding(Class<T> type, Function<T, T> wrap) {
    return Arguments.of(type, wrap);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  <T> void forwardsEveryMethod(Class<T> type, Function<T, T> wrap) throws Exception {
    List<Call> seen = new ArrayList<>();
    List<Object> answers = new ArrayList<>();
    T delegate = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
      seen.add(new Call(m.getName(), args == null ? List.of() : List.of(args)));
      Object answer = sample(m.getReturnType(), m.getName());
      answers.add(answer);
      return answer;
    }));
    T forwarding = wrap.apply(delegate);
    for (Method m : type.getMethods()) {
      if (m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Object[] args = new Object[m.getParameterCount()];
      for (int i = 0; i < args.length; i++) {
        args[i] = sample(m.getParameterTypes()[i], "arg" + i);
      }
      seen.clear();
      answers.clear();
      Object answer = m.invoke(forwarding, args);
      assertThat(seen).as(m.toString()).containsExactly(new Call(m.getName(), List.of(args)));
      if (m.getReturnType().isPrimitive()) {
        assertThat(answer).as(m.toString()).isEqualTo(answers.get(0));
      } else {
        assertThat(answer).as(m.toString()).isSameAs(answers.get(0));
      }
    }
  }

  private record Call(String method, List<Object> args) { }

  /** A value of {@code type} that no other call makes: each call's answer can be told apart. */
  private static Object sample(Class<?> type, String tag) {
    if (type == void.class) {
      return null;
    } else if (type == boolean.class) {
      return tag.hashCode() % 2 == 0;
    } else if (type == long.class) {
      return (long) tag.hashCode();
    } else if (type == String.class) {
      return new String(tag);
    } else if (type == byte[].class) {
      return tag.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } else if (type == Duration.class) {
      return Duration.ofMillis(tag.hashCode());
    } else if (type == Optional.class) {
      return Optional.of(tag);
    } else if (type == List.class) {
      return new ArrayList<>(List.of(tag));
    } else if (type == CompletableFuture.class) {
      return new CompletableFuture<>();
    } else if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      return constants[Math.floorMod(tag.hashCode(), constants.length)];
    } else if (type.isInterface()) {
      return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> switch (m.getName()) {
        case "toString" -> tag;
        case "hashCode" -> System.identityHashCode(p);
        case "equals" -> p == a[0];
        default -> throw new AssertionError("only passed along, never called: " + m);
      });
    }
    return null; // a record (Stat, Limits): the call is still checked
  }
}
