package dev.streamtemplates.benchmarks.nativeflink;

import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for a pipeline class that already has a compact Beam coder
 * ({@code ActivityEvent.Coder}, {@code Transaction.Coder}, ...): records cross the network and sit
 * in state in that encoding instead of falling back to Kryo, which is what a Flink engineer would
 * do for a hot type (a hand-written serializer), without writing the encoding twice.
 */
public final class CoderTypeInfo<T> extends TypeInformation<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final Coder<T> coder;
  private final boolean immutable;

  private CoderTypeInfo(Class<T> type, Coder<T> coder, boolean immutable) {
    this.type = type;
    this.coder = coder;
    this.immutable = immutable;
  }

  /** For a class whose instances never change: Flink may skip copies. */
  public static <T> CoderTypeInfo<T> ofImmutable(Class<T> type, Coder<T> coder) {
    return new CoderTypeInfo<>(type, coder, true);
  }

  /** For a class whose instances change (accumulators): copies go through the coder. */
  public static <T> CoderTypeInfo<T> ofMutable(Class<T> type, Coder<T> coder) {
    return new CoderTypeInfo<>(type, coder, false);
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return new CoderSerializer<>(type, coder, immutable);
  }

  @Override
  @SuppressWarnings("deprecation")
  public TypeSerializer<T> createSerializer(ExecutionConfig config) {
    return new CoderSerializer<>(type, coder, immutable);
  }

  @Override
  public String toString() {
    return "CoderTypeInfo<" + type.getSimpleName() + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CoderTypeInfo<?> other
        && other.canEqual(this)
        && type.equals(other.type)
        && coder.equals(other.coder)
        && immutable == other.immutable;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, coder, immutable);
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof CoderTypeInfo;
  }
}
