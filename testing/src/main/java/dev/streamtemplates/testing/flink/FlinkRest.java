package dev.streamtemplates.testing.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The few calls of Flink's REST API (the web UI's API) that tests and {@code make flink-up} need:
 * cluster overview, jobs and their states, checkpoints, cancel. Works against any Flink 1.19
 * session cluster, not only one this project started.
 */
public final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final HttpClient http;

  /** A client for the cluster whose REST endpoint (and web UI) is at {@code host:port}. */
  public FlinkRest(String hostAndPort) {
    this.base = URI.create("http://" + hostAndPort + "/");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** {@code http://host:port/}: the web UI. */
  public URI webUi() {
    return base;
  }

  /** A job as {@code /jobs/overview} lists it. */
  public static final class Job {
    public final String id;
    public final String name;
    public final String state;

    Job(String id, String name, String state) {
      this.id = id;
      this.name = name;
      this.state = state;
    }

    @Override
    public String toString() {
      return name + " (" + id + "): " + state;
    }
  }

  /** {@code GET /overview}: taskmanagers, slots-total, slots-available, jobs-running, ... */
  public JsonNode overview() {
    return get("overview");
  }

  /** Whether the REST endpoint answers at all. */
  public boolean answers() {
    try {
      overview();
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** The ids of the registered TaskManagers (their resource ids, e.g. {@code taskmanager-1}). */
  public List<String> taskManagerIds() {
    List<String> ids = new ArrayList<>();
    get("taskmanagers").path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText()));
    return ids;
  }

  /** Every job the cluster knows of, running or finished, newest first. */
  public List<Job> jobs() {
    List<Job> jobs = new ArrayList<>();
    for (JsonNode job : get("jobs/overview").path("jobs")) {
      jobs.add(new Job(job.path("jid").asText(), job.path("name").asText(),
          job.path("state").asText()));
    }
    return jobs;
  }

  /** {@code GET /jobs/:id}: state, vertices with their record counts, timestamps. */
  public JsonNode job(String id) {
    return get("jobs/" + id);
  }

  /** The job's state: RUNNING, FINISHED, CANCELED, FAILED, RESTARTING, ... */
  public String state(String id) {
    return job(id).path("state").asText();
  }

  /** {@code GET /jobs/:id/checkpoints}: counts (completed, restored...) and the latest ones. */
  public JsonNode checkpoints(String id) {
    return get("jobs/" + id + "/checkpoints");
  }

  /** {@code GET /jobs/:id/exceptions}: the root exception and history, if any. */
  public JsonNode exceptions(String id) {
    return get("jobs/" + id + "/exceptions");
  }

  /** Asks the cluster to cancel the job; returns at once (see {@link #awaitState}). */
  public void cancel(String id) {
    send(HttpRequest.newBuilder(base.resolve("jobs/" + id + "?mode=cancel"))
        .method("PATCH", HttpRequest.BodyPublishers.noBody()), "cancel job " + id);
  }

  /** Polls until the job's state is {@code state}; fails on another terminal state or timeout. */
  public void awaitState(String id, String state, Duration timeout) {
    awaitJob(id, timeout, "state " + state, job -> job.path("state").asText().equals(state));
  }

  /** Polls {@code GET /jobs/:id} until {@code condition} holds; fails on timeout. */
  public JsonNode awaitJob(String id, Duration timeout, String what, Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode job = null;
    while (System.nanoTime() < deadline) {
      job = job(id);
      if (condition.test(job)) {
        return job;
      }
      String state = job.path("state").asText();
      if (isTerminal(state)) {
        throw new AssertionError("job " + id + " ended " + state + " while waiting for " + what
            + "; root exception: " + exceptions(id).path("root-exception").asText("none"));
      }
      sleep(250);
    }
    throw new AssertionError("job " + id + " did not reach " + what + " within "
        + timeout.toSeconds() + " s; last state " + (job == null ? "?" : job.path("state")));
  }

  /** The one job named {@code name} that is not yet finished, once it shows up. */
  public Optional<Job> activeJobNamed(String name) {
    return jobs().stream()
        .filter(j -> j.name.equals(name) && !isTerminal(j.state))
        .findFirst();
  }

  static boolean isTerminal(String state) {
    return state.equals("FINISHED") || state.equals("CANCELED") || state.equals("FAILED");
  }

  private JsonNode get(String path) {
    String body = send(HttpRequest.newBuilder(base.resolve(path)).GET(), "GET /" + path);
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("GET /" + path + " did not return JSON: " + body, e);
    }
  }

  private String send(HttpRequest.Builder request, String what) {
    try {
      HttpResponse<String> response = http.send(request.timeout(CALL_TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(what + " on " + base + " answered "
            + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(what + ": no answer from Flink at " + base + " ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
          + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
