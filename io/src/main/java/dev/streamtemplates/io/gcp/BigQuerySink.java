package dev.streamtemplates.io.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TimePartitioning;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * {@code --sink=bigquery}: one named output to its table {@code <bigQueryDataset>.<output>} ({@code
 * -} written {@code _}), with the schema Terraform uses ({@link BigQueryTables}), partitioned by
 * day on its event-time column. Created if missing (Terraform normally creates it).
 *
 * <p>{@code STORAGE_WRITE_API} (default): exactly once into the table. {@code STREAMING_INSERTS}:
 * at least once, with best-effort deduplication by insert id. Neither needs load jobs.
 */
public final class BigQuerySink extends PTransform<PCollection<KV<String, String>>, PDone> {
  private final GcpIoOptions options;
  private final String pipeline;
  private final String output;

  private BigQuerySink(GcpIoOptions options, String pipeline, String output) {
    this.options = options;
    this.pipeline = pipeline;
    this.output = output;
  }

  public static BigQuerySink of(GcpIoOptions options, String pipeline, String output) {
    validate(options);
    checkSchema(pipeline, output);
    return new BigQuerySink(options, pipeline, output);
  }

  /** The column an output's table is partitioned on (its first required TIMESTAMP). */
  public static String partitionColumn(String pipeline, String output) {
    return BigQueryTables.partitionColumn(BigQueryTables.schemaJson(pipeline, output));
  }

  /** Fails, naming the file, when an output has no schema on the classpath. */
  public static void checkSchema(String pipeline, String output) {
    BigQueryTables.schemaJson(pipeline, output);
  }

  /** Fails fast, naming the option, when the sink cannot work. */
  public static void validate(GcpIoOptions options) {
    String dataset = options.getBigQueryDataset();
    if (dataset == null || !dataset.matches("[a-z][a-z0-9-]{4,61}[a-z0-9]:[A-Za-z0-9_]{1,1024}")) {
      throw new IllegalArgumentException("--sink=bigquery needs --bigQueryDataset=PROJECT:DATASET; got " + dataset);
    }
  }

  public static String table(GcpIoOptions options, String output) {
    return options.getBigQueryDataset() + "." + output.replace('-', '_');
  }

  @Override
  public PDone expand(PCollection<KV<String, String>> records) {
    String schema = BigQueryTables.schemaJson(pipeline, output);
    BigQueryIO.Write<TableRow> write =
        BigQueryIO.writeTableRows()
            .to(table(options, output))
            .withSchema(BigQueryTables.schema(schema))
            .withTimePartitioning(new TimePartitioning().setType("DAY").setField(BigQueryTables.partitionColumn(schema)))
            .withCreateDisposition(BigQueryIO.Write.CreateDisposition.CREATE_IF_NEEDED)
            .withWriteDisposition(BigQueryIO.Write.WriteDisposition.WRITE_APPEND)
            .withMethod(options.getBigQueryWriteMethod() == GcpIoOptions.BigQueryWriteMethod.STREAMING_INSERTS
                ? BigQueryIO.Write.Method.STREAMING_INSERTS
                : BigQueryIO.Write.Method.STORAGE_WRITE_API);
    if (options.getBigQueryWriteMethod() == GcpIoOptions.BigQueryWriteMethod.STORAGE_WRITE_API
        && records.isBounded() == PCollection.IsBounded.UNBOUNDED) {
      write = write.withTriggeringFrequency(org.joda.time.Duration.standardSeconds(5)).withNumStorageWriteApiStreams(1);
    }
    if (options.getBigQueryServices() != null) {
      write = write.withTestServices(options.getBigQueryServices()).withoutValidation();
    }
    records
        .apply("ToTableRows", ParDo.of(new ToRowFn(schema)))
        .setCoder(TableRowJsonCoder.of())
        .apply("WriteBigQuery", write);
    return PDone.in(records.getPipeline());
  }

  static final class ToRowFn extends DoFn<KV<String, String>, TableRow> {
    private final String schema;
    private transient JsonNode fields;

    ToRowFn(String schema) {
      this.schema = schema;
    }

    @Setup
    public void setup() {
      fields = BigQueryTables.fieldsOf(schema);
    }

    @ProcessElement
    public void process(@Element KV<String, String> record, OutputReceiver<TableRow> out) {
      out.output(BigQueryTables.row(fields, record.getValue()));
    }
  }
}
