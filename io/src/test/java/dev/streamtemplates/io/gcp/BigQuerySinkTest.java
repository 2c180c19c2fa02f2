package dev.streamtemplates.io.gcp;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import dev.streamtemplates.io.sink.SinkOptions;
import dev.streamtemplates.io.sink.WriteOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code --sink=bigquery} against Beam's official BigQuery test double: the table is created from
 * the output's schema file, partitioned on its event-time column, and holds one row per record
 * with the schema's types (integers as integers, decimals exact, nested repeated records), with
 * either write method.
 */
public class BigQuerySinkTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();
  private FakeDatasetService datasets;

  private static final List<String> RECORDS = List.of(
      "{\"orderId\":\"o-1\",\"windowStart\":\"2026-11-23T10:00:00.000Z\",\"count\":3,\"amount\":19.99,\"late\":false,"
          + "\"items\":[{\"itemId\":\"A\",\"score\":5},{\"itemId\":\"B\",\"score\":1}]}",
      "{\"orderId\":\"o-2\",\"windowStart\":\"2026-11-23T11:00:00.000Z\",\"count\":1,\"items\":[]}");

  @Before
  public void fakeBigQuery() throws Exception {
    FakeDatasetService.setUp();
    datasets = new FakeDatasetService();
    // A dataset per test: BigQueryIO remembers (statically) which tables it has created.
    datasets.createDataset("test-project", "streaming", "", "", null);
    datasets.createDataset("test-project", "storage", "", "", null);
  }

  private void write(String dataset, GcpIoOptions.BigQueryWriteMethod method) {
    SinkOptions options = PipelineOptionsFactory.fromArgs(
        "--sink=bigquery", "--bigQueryDataset=test-project:" + dataset, "--bigQueryWriteMethod=" + method,
        "--project=test-project", "--tempLocation=" + tmp.getRoot()).as(SinkOptions.class);
    options.setBigQueryServices(new FakeBigQueryServices()
        .withDatasetService(datasets).withJobService(new FakeJobService()));
    Pipeline p = Pipeline.create(options);
    List<KV<String, String>> keyed = new ArrayList<>();
    RECORDS.forEach(r -> keyed.add(KV.of("k", r)));
    p.apply(Create.of(keyed)).apply(WriteOutput.named("shop", "orders", options));
    assertThat(p.run().waitUntilFinish(), is(PipelineResult.State.DONE));
  }

  /**
   * The rows as the double stores them. Rows written through the Storage Write API come back from
   * their protos: lower-case names, timestamps in microseconds, BIGNUMERIC as its wire bytes.
   */
  private void assertTable(String dataset, boolean viaProto) throws Exception {
    Table table = datasets.getTable(new TableReference()
        .setProjectId("test-project").setDatasetId(dataset).setTableId("orders"));
    assertThat(table.getTimePartitioning().getField(), is("windowStart"));
    assertThat(table.getSchema().getFields().size(), is(6));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (TableRow row : datasets.getAllRows("test-project", dataset, "orders")) {
      rows.add(lowerCase(row));
    }
    rows.sort((a, b) -> String.valueOf(a.get("orderid")).compareTo(String.valueOf(b.get("orderid"))));
    assertThat(rows.size(), is(2));
    Map<String, Object> first = rows.get(0);
    assertThat(first.get("orderid"), is("o-1"));
    assertThat(String.valueOf(first.get("windowstart")),
        is(viaProto ? "1795428000000000" : "2026-11-23T10:00:00.000Z"));
    assertThat(String.valueOf(first.get("count")), is("3"));
    assertThat(String.valueOf(first.get("late")), is("false"));
    if (!viaProto) {
      assertThat(new java.math.BigDecimal(String.valueOf(first.get("amount"))), is(new java.math.BigDecimal("19.99")));
    }
    List<?> items = (List<?>) first.get("items");
    assertThat(items.size(), is(2));
    Map<String, Object> item = lowerCase((Map<?, ?>) items.get(0));
    assertThat(item.get("itemid"), is("A"));
    assertThat(String.valueOf(item.get("score")), is("5"));
    assertThat(rows.get(1).get("orderid"), is("o-2"));
    assertThat(rows.get(1).containsKey("amount"), is(false));
  }

  private static Map<String, Object> lowerCase(Map<?, ?> row) {
    Map<String, Object> out = new java.util.HashMap<>();
    row.forEach((k, v) -> out.put(String.valueOf(k).toLowerCase(java.util.Locale.ROOT), v));
    return out;
  }

  @Test
  public void streamingInsertsCreateThePartitionedTableAndWriteTypedRows() throws Exception {
    write("streaming", GcpIoOptions.BigQueryWriteMethod.STREAMING_INSERTS);
    assertTable("streaming", false);
  }

  @Test
  public void theStorageWriteApiWritesTheSameRows() throws Exception {
    write("storage", GcpIoOptions.BigQueryWriteMethod.STORAGE_WRITE_API);
    assertTable("storage", true);
  }

  @Test
  public void anOutputWithoutASchemaFailsAtConstructionNamingTheFile() {
    SinkOptions options = PipelineOptionsFactory.fromArgs("--sink=bigquery", "--bigQueryDataset=test-project:shop")
        .as(SinkOptions.class);
    IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
        () -> WriteOutput.named("shop", "refunds", options));
    assertThat(e.getMessage().contains("/schemas/shop/refunds.json"), is(true));
  }
}
