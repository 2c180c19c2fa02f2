/**
 * Streaming latency of the fraud pipeline through a real Kafka broker: how long from a
 * transaction's send to its alert's arrival, at fixed input rates, and the highest rate the
 * pipeline keeps up with. Main class {@link dev.streamtemplates.benchmarks.latency.LatencyBench}.
 *
 * <p><b>Set-up.</b> A {@code KafkaBroker} (or {@code --kafkaBootstrapServers}), fresh topics
 * ({@code -in} with 3 partitions, {@code -out-alerts}, {@code -out-dead-letter}), and the fraud
 * pipeline's own {@code main} in a child JVM: {@code --runner=FlinkRunner --flinkMaster=[local]
 * --parallelism=2 --source=kafka --sink=kafka --startOffset=earliest --maxOutOfOrdernessSec=5}.
 * The benchmark's JVM sends the generator's transactions ({@code FraudPipeline.generator()}, as
 * {@code make produce} does: event time = the record's turn on the clock, 30% of records moved
 * up to 5 s back, a few late, duplicated or malformed) and reads the alerts topic.
 *
 * <p><b>Latency</b> is the benchmark's clock at the alert's arrival (poll) minus its clock when it
 * called {@code send()} for the transaction the alert names ({@code txnId}; a retransmitted
 * txnId counts from its first send). It includes the wait for the watermark, by design: the
 * pipeline evaluates a card's transactions in event-time order, so a transaction is only
 * evaluated once the watermark passes its timestamp, and the Kafka source's watermark trails the
 * newest event time read by {@code --maxOutOfOrdernessSec} (5 s, the generator's disorder
 * bound). An in-order transaction therefore waits about that long whatever the rate; the rest is
 * queueing, processing and the runner's watermark propagation (dedup and ordering are both
 * watermark-driven stages). On Flink that propagation is paced by bundles, which close after
 * {@code --maxBundleTimeMills} (1000 by default) or {@code --maxBundleSize} elements: at low rates
 * it costs more than the watermark wait itself, so latency falls as the rate rises. Pipeline
 * options given to the benchmark (e.g. {@code --maxBundleTimeMills=100}) reach the pipeline and
 * are echoed in each result line.
 *
 * <p><b>Steps.</b> Once the pipeline answers its first probe, a warm-up at the first rate, then
 * for each rate: a head (unmeasured), the measured window ({@code --stepSec}), a tail of
 * {@code maxOutOfOrdernessSec + 5} s (unmeasured: without newer traffic the window's last
 * transactions would wait for the source's idleness rule instead of the watermark, and a faster
 * next step would delay them), then production pauses until the window's probes are all
 * answered or {@code --drainSec} has passed, so no backlog carries over. Stepping stops after the
 * first step that falls behind; the highest rate kept up with is the result.
 *
 * <p><b>Kept up</b> is decided on <em>probes</em> the benchmark interleaves ({@code
 * --probesPerSec}, default 10): two transactions on a fresh card, Paris then Sydney at the same
 * instant, which fire exactly one IMPOSSIBLE_TRAVEL alert. A step kept up if the producer held the
 * rate (95%), every probe was answered before the drain ended, and the probes' median latency in
 * the window's last third is within {@code --maxGrowthMs} (or 20% of it, if more) of the first
 * third's: a pipeline short of capacity builds a backlog, and its latency grows with time. See
 * {@link dev.streamtemplates.benchmarks.latency.StepResult}. Consumer-group lag was not used:
 * the Kafka source commits offsets only when Flink finalizes a checkpoint, which a run without
 * {@code --checkpointingInterval} never does.
 *
 * <p><b>Output</b> (stdout): one {@code BENCH-RESULT {"workload":"fraud-latency",...}} line per
 * step (rate, achievedRate, alerts, p50Ms, p95Ms, p99Ms, maxMs over the generator's alerts in the
 * window, probe medians, keptUp and why not), then {@code BENCH-RESULT
 * {"workload":"fraud-latency-summary","maxSustainedRate":...}}.
 */
package dev.streamtemplates.benchmarks.latency;
