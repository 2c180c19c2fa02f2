package dev.streamtemplates.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.Test;

public class CliArgsTest {
  @Test
  public void wordsAndBothOptionFormsAreRead() throws Exception {
    CliArgs cli = CliArgs.parse(new String[] {"topics", "--port", "9093", "create", "--dir=x"},
        Set.of("port", "dir"));
    assertThat(cli.words, is(List.of("topics", "create")));
    assertThat(cli.flag("port", "9092"), is("9093"));
    assertThat(cli.flag("dir", "build"), is("x"));
    assertThat(cli.flag("taskmanagers", "1"), is("1"));
  }

  @Test
  public void anUnknownOptionOrAMissingValueIsRefusedByName() {
    assertThat(assertThrows(CliArgs.UsageException.class,
        () -> CliArgs.parse(new String[] {"up", "--prot=1"}, Set.of("port"))).getMessage(),
        is("unknown option --prot"));
    assertThat(assertThrows(CliArgs.UsageException.class,
        () -> CliArgs.parse(new String[] {"up", "--port"}, Set.of("port"))).getMessage(),
        is("missing a value after --port"));
  }
}
