package dev.streamtemplates.io.gcp;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubClient;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/** Pub/Sub as a source and sink, BigQuery as a sink. */
public interface GcpIoOptions extends PipelineOptions {
  /** How rows reach BigQuery; neither needs a load-job permission. */
  enum BigQueryWriteMethod {
    STORAGE_WRITE_API,
    STREAMING_INSERTS
  }

  @Description("--source=pubsub: the subscription, projects/PROJECT/subscriptions/NAME.")
  String getInputSubscription();

  void setInputSubscription(String value);

  @Description(
      "--source=pubsub: a message attribute holding the record's id; Pub/Sub redeliveries and"
          + " republished copies with the same id are dropped. Unset: no id deduplication.")
  String getPubsubIdAttribute();

  void setPubsubIdAttribute(String value);

  @Description("--sink=bigquery: the dataset, PROJECT:DATASET; each output goes to table <output> (- as _).")
  String getBigQueryDataset();

  void setBigQueryDataset(String value);

  @Description("--sink=bigquery: STORAGE_WRITE_API (default; exactly once) or STREAMING_INSERTS.")
  @Default.Enum("STORAGE_WRITE_API")
  BigQueryWriteMethod getBigQueryWriteMethod();

  void setBigQueryWriteMethod(BigQueryWriteMethod value);

  /** Test doubles: Beam's FakeBigQueryServices. Not an option of the command line. */
  @Hidden
  @JsonIgnore
  BigQueryServices getBigQueryServices();

  void setBigQueryServices(BigQueryServices value);

  /** Test doubles: Beam's PubsubTestClient factories. Not an option of the command line. */
  @Hidden
  @JsonIgnore
  PubsubClient.PubsubClientFactory getPubsubClientFactory();

  void setPubsubClientFactory(PubsubClient.PubsubClientFactory value);
}
