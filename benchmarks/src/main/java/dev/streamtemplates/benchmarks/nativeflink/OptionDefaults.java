package dev.streamtemplates.benchmarks.nativeflink;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.apache.beam.sdk.options.Default;

/**
 * A pipeline's options interface answering with its own {@code @Default}s (and a few values
 * given here), so the native jobs configure the pipeline's rule code exactly as a run with those
 * flags would, without Beam's options factory: its first use scans the whole classpath for
 * registrars, seconds of start-up a native Flink job should not be charged.
 *
 * <p>Only getters are answered; a getter without a default or a value fails, naming it.
 */
final class OptionDefaults {
  private OptionDefaults() {}

  /** @param values by property name ({@code "rules"} for {@code getRules()}) */
  static <T> T of(Class<T> options, Map<String, Object> values) {
    Object proxy =
        Proxy.newProxyInstance(
            options.getClassLoader(),
            new Class<?>[] {options},
            (self, method, args) -> {
              String name = method.getName();
              if (name.equals("toString") && method.getParameterCount() == 0) {
                return options.getSimpleName() + values;
              }
              if (!name.startsWith("get") || method.getParameterCount() != 0) {
                throw new UnsupportedOperationException(
                    options.getSimpleName() + "." + name + " is not answered here");
              }
              String property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
              if (values.containsKey(property)) {
                return values.get(property);
              }
              return defaultOf(method);
            });
    return options.cast(proxy);
  }

  private static Object defaultOf(Method getter) {
    if (getter.getAnnotation(Default.Integer.class) != null) {
      return getter.getAnnotation(Default.Integer.class).value();
    }
    if (getter.getAnnotation(Default.Long.class) != null) {
      return getter.getAnnotation(Default.Long.class).value();
    }
    if (getter.getAnnotation(Default.Double.class) != null) {
      return getter.getAnnotation(Default.Double.class).value();
    }
    if (getter.getAnnotation(Default.Boolean.class) != null) {
      return getter.getAnnotation(Default.Boolean.class).value();
    }
    if (getter.getAnnotation(Default.String.class) != null) {
      return getter.getAnnotation(Default.String.class).value();
    }
    throw new IllegalArgumentException(
        getter.getDeclaringClass().getSimpleName() + "." + getter.getName()
            + " has no default this reads: give it a value");
  }
}
