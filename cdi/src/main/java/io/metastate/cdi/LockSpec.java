package io.metastate.cdi;

import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;
import io.metastate.error.CoordinationException;
import io.metastate.lock.LockNames;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A {@link Locked} annotation as applied to one method, validated. */
record LockSpec(String name, Duration timeout, Locked.OnTimeout onTimeout, Class<?> returnType) {

  /**
   * @throws ConfigurationException naming the method and the bad attribute
   */
  static LockSpec of(Method method, Locked locked) {
    String where = "@Locked(\"" + locked.value() + "\") on " + method.getDeclaringClass().getName() + "."
        + method.getName() + "()";
    try {
      LockNames.validate(locked.value());
    } catch (CoordinationException e) {
      throw new ConfigurationException(where + ": " + e.getMessage(), e);
    }
    // The same duration syntax as every metastate configuration key.
    String key = "the timeout of " + where;
    Duration timeout = MetaStateConfig.of(Map.of(key, locked.timeout())).duration(key)
        .orElseThrow(() -> new ConfigurationException(key + " must not be empty; use 0s to try once"));
    if (timeout.isNegative()) {
      throw new ConfigurationException(key + " must not be negative, was '" + locked.timeout() + "'");
    }
    Class<?> returnType = method.getReturnType();
    if (locked.onTimeout() == Locked.OnTimeout.SKIP && returnType != void.class && returnType != Optional.class) {
      throw new ConfigurationException(where + ": onTimeout = SKIP needs a method returning void or Optional (a"
          + " skipped call returns nothing or Optional.empty()), but it returns " + returnType.getName()
          + "; use onTimeout = FAIL or change the return type");
    }
    return new LockSpec(locked.value(), timeout, locked.onTimeout(), returnType);
  }

  /** What a skipped call returns. */
  Object skippedResult() {
    return returnType == Optional.class ? Optional.empty() : null;
  }
}
