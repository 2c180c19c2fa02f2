package dev.streamtemplates.pipelines.recommendations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.VarInt;

/**
 * A batch of count changes travelling between the co-occurrence stages, one kind per batch. Only
 * changes travel, never snapshots, so every stage downstream can simply add them up, in any pane
 * and any order, and still agree with a one-shot computation.
 *
 * <ul>
 *   <li>{@link Kind#NEIGHBOURS}, keyed by item a: other item b → change in users(a, b).
 *   <li>{@link Kind#USERS}, keyed by item k: user → +1 when k enters the user's capped item set, -1
 *       when it leaves.
 *   <li>{@link Kind#SCORES}, keyed by user: candidate item → change in its score.
 *   <li>{@link Kind#INTERACTED}, keyed by user: items the user interacted with (values unused).
 * </ul>
 */
public final class ItemUpdate {
  public enum Kind {
    NEIGHBOURS,
    USERS,
    SCORES,
    INTERACTED
  }

  private final Kind kind;
  private final Map<String, Long> changes;

  public ItemUpdate(Kind kind, Map<String, Long> changes) {
    this.kind = kind;
    this.changes = changes;
  }

  public static ItemUpdate of(Kind kind, String key, long change) {
    Map<String, Long> changes = new HashMap<>(2);
    changes.put(key, change);
    return new ItemUpdate(kind, changes);
  }

  public Kind kind() {
    return kind;
  }

  public Map<String, Long> changes() {
    return changes;
  }

  /** Adds {@code changes} into {@code sums}, dropping entries that come back to zero. */
  static void addInto(Map<String, Long> sums, Map<String, Long> changes) {
    for (Map.Entry<String, Long> e : changes.entrySet()) {
      long sum = sums.getOrDefault(e.getKey(), 0L) + e.getValue();
      if (sum == 0) {
        sums.remove(e.getKey());
      } else {
        sums.put(e.getKey(), sum);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ItemUpdate
        && ((ItemUpdate) o).kind == kind
        && ((ItemUpdate) o).changes.equals(changes);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + changes.hashCode();
  }

  @Override
  public String toString() {
    return kind + changes.toString();
  }

  /** Kind, count, then (string, zig-zag varint) pairs: negative changes stay small. */
  public static final class Coder extends CustomCoder<ItemUpdate> {
    private static final long serialVersionUID = 1L;
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final Kind[] KINDS = Kind.values();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(ItemUpdate update, OutputStream out) throws IOException {
      out.write(update.kind.ordinal());
      encodeChanges(update.changes, out);
    }

    @Override
    public ItemUpdate decode(InputStream in) throws IOException {
      int kind = in.read();
      if (kind < 0 || kind >= KINDS.length) {
        throw new IOException("not an ItemUpdate: kind byte " + kind);
      }
      return new ItemUpdate(KINDS[kind], decodeChanges(in));
    }

    static void encodeChanges(Map<String, Long> changes, OutputStream out) throws IOException {
      VarInt.encode(changes.size(), out);
      for (Map.Entry<String, Long> e : changes.entrySet()) {
        STRING.encode(e.getKey(), out);
        long v = e.getValue();
        VarInt.encode((v << 1) ^ (v >> 63), out);
      }
    }

    static Map<String, Long> decodeChanges(InputStream in) throws IOException {
      int size = VarInt.decodeInt(in);
      Map<String, Long> changes = new HashMap<>(Math.max(4, size * 4 / 3 + 1));
      for (int i = 0; i < size; i++) {
        String key = STRING.decode(in);
        long zigzag = VarInt.decodeLong(in);
        changes.put(key, (zigzag >>> 1) ^ -(zigzag & 1));
      }
      return changes;
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      throw new NonDeterministicException(this, "a hash map's entry order is not fixed; not a key coder");
    }
  }
}
