package dev.streamtemplates.transforms.json;

/**
 * A record that cannot be accepted. The message is written for the person reading the dead-letter
 * output: it names the field and says what was expected and what was found.
 */
public class InvalidRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidRecordException(String message) {
    super(message, null, false, false); // no stack trace: this is data, not a bug
  }

  /** A value quoted in an error message, cut to 64 characters so one error stays one line. */
  public static String excerpt(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
