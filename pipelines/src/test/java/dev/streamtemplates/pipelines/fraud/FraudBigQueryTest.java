package dev.streamtemplates.pipelines.fraud;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.google.api.services.bigquery.model.TableRow;
import dev.streamtemplates.testing.FixtureFiles;
import dev.streamtemplates.testing.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The fraud fixture written to BigQuery (Beam's official test double, streaming inserts): the
 * alerts and dead-letter tables are created from terraform/schemas and hold exactly the records
 * the file sink writes.
 */
public class FraudBigQueryTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void everyAlertAndDeadLetterLandsInItsTable() throws Exception {
    FakeDatasetService.setUp();
    FakeDatasetService datasets = new FakeDatasetService();
    datasets.createDataset("test-project", "fraud", "", "", null);
    List<String> input = new ArrayList<>(FraudFixture.good());
    FraudFixture.BAD.forEach(bad -> input.add(bad[0]));
    java.nio.file.Path in = tmp.newFolder().toPath();
    FixtureFiles.write(in, "input.jsonl", input);
    FraudOptions options = PipelineOptionsFactory.fromArgs(
        "--source=file", "--inputPath=" + in + "/*.jsonl", "--sink=bigquery",
        "--bigQueryDataset=test-project:fraud", "--bigQueryWriteMethod=STREAMING_INSERTS",
        "--project=test-project", "--tempLocation=" + tmp.getRoot(),
        // The fixture resends s1 30 min after the original: beyond the default 10-min horizon,
        // whether it is still recognised would depend on processing order (see KafkaRuns).
        "--dedupHorizonSec=86400").withValidation().as(FraudOptions.class);
    options.setBigQueryServices(new FakeBigQueryServices().withDatasetService(datasets).withJobService(new FakeJobService()));
    assertThat(FraudPipeline.build(options).run().waitUntilFinish(), is(PipelineResult.State.DONE));

    TreeSet<String> alertIds = new TreeSet<>();
    for (TableRow row : datasets.getAllRows("test-project", "fraud", "alerts")) {
      alertIds.add((String) row.get("alertId"));
    }
    TreeSet<String> expected = new TreeSet<>();
    FraudFixture.allAlerts().forEach(a -> expected.add(JsonFields.parse(a).get("alertId").textValue()));
    assertThat(alertIds, is(expected));
    TreeSet<String> payloads = new TreeSet<>();
    for (TableRow row : datasets.getAllRows("test-project", "fraud", "dead_letter")) {
      payloads.add((String) row.get("payload"));
    }
    TreeSet<String> bad = new TreeSet<>();
    FraudFixture.BAD.forEach(b -> bad.add(b[0]));
    assertThat(payloads, is(bad));
  }
}
