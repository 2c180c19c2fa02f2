package dev.streamtemplates.io.synthetic;

/** One synthetic record: the text a real source would deliver and its event time. */
public final class GeneratedEvent {
  private final String payload;
  private final long eventTimeMillis;

  public GeneratedEvent(String payload, long eventTimeMillis) {
    this.payload = payload;
    this.eventTimeMillis = eventTimeMillis;
  }

  public String payload() {
    return payload;
  }

  public long eventTimeMillis() {
    return eventTimeMillis;
  }
}
