package dev.streamtemplates.benchmarks.nativeflink;

import java.io.IOException;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.DataInputViewStream;
import org.apache.flink.api.java.typeutils.runtime.DataOutputViewStream;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * A Flink serializer that writes a value with its Beam coder in the nested context (each value
 * delimits itself, so values can follow one another in a stream). See {@link CoderTypeInfo}.
 */
final class CoderSerializer<T> extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final Coder<T> coder;
  private final boolean immutable;

  CoderSerializer(Class<T> type, Coder<T> coder, boolean immutable) {
    this.type = type;
    this.coder = coder;
    this.immutable = immutable;
  }

  @Override
  public boolean isImmutableType() {
    return immutable;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return this; // coders keep no state between calls
  }

  @Override
  public T createInstance() {
    return null; // no reusable instance: the classes are built by their coders
  }

  @Override
  public T copy(T from) {
    if (immutable || from == null) {
      return from;
    }
    try {
      return CoderUtils.clone(coder, from);
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy a " + type.getSimpleName(), e);
    }
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T value, DataOutputView target) throws IOException {
    coder.encode(value, new DataOutputViewStream(target));
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    return coder.decode(new DataInputViewStream(source));
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source); // never into reuse: operators may keep what they received
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CoderSerializer<?> other
        && type.equals(other.type)
        && coder.equals(other.coder)
        && immutable == other.immutable;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, coder, immutable);
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new Snapshot<>(this);
  }

  /** Remembers the coder itself (Java-serialized), so a restored job decodes with the same one. */
  public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
    private CoderSerializer<T> serializer;

    /** For Flink, which instantiates snapshots reflectively before reading them. */
    public Snapshot() {}

    Snapshot(CoderSerializer<T> serializer) {
      this.serializer = serializer;
    }

    @Override
    public int getCurrentVersion() {
      return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      byte[] bytes = InstantiationUtil.serializeObject(serializer);
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    @Override
    public void readSnapshot(int version, DataInputView in, ClassLoader classLoader)
        throws IOException {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      try {
        serializer = InstantiationUtil.deserializeObject(bytes, classLoader);
      } catch (ClassNotFoundException e) {
        throw new IOException("cannot restore a coder serializer", e);
      }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
      return serializer;
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
        TypeSerializerSnapshot<T> oldSnapshot) {
      return oldSnapshot instanceof Snapshot<T> old && serializer.equals(old.serializer)
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
