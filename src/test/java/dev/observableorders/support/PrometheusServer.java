package dev.observableorders.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Optional;

/**
 * A real Prometheus (Debian's {@code prometheus} package, or any on the PATH) running the
 * project's {@code prometheus.yml} and rules. Tests point it at their own ports; the
 * local run uses the file as it is.
 */
public final class PrometheusServer implements AutoCloseable {

	/** The project's Prometheus configuration. */
	public static final Path CONFIG = Path.of("prometheus.yml").toAbsolutePath();

	/** The local cluster's: every Restate node, every replica, the load balancer. */
	public static final Path CLUSTER_CONFIG = Path.of("config/prometheus/prometheus.cluster.yml").toAbsolutePath();

	private static final ObjectMapper JSON = new ObjectMapper();

	private final ChildProcess process;

	private final int port;

	private final Path baseDir;

	private final boolean deleteOnClose;

	private final HttpClient http = HttpClient.newHttpClient();

	private PrometheusServer(Path config, int port, Path baseDir, boolean deleteOnClose) {
		this.port = port;
		this.baseDir = baseDir;
		this.deleteOnClose = deleteOnClose;
		this.process = launch(config);
	}

	/** The {@code prometheus} binary on the PATH, if installed. */
	public static Optional<Path> binary() {
		return Installed.onPath("prometheus");
	}

	/**
	 * Skips the calling test when {@code program} (prometheus, promtool) is not
	 * installed, unless {@code REQUIRE_PROMETHEUS=true} (CI sets it): then it fails, so
	 * that CI never passes by skipping.
	 */
	public static Path require(String program) {
		Optional<Path> path = Installed.onPath(program);
		Installed.require(path.isPresent(), "REQUIRE_PROMETHEUS",
				program + " is not installed: apt-get install --no-install-recommends prometheus");
		return path.get();
	}

	/**
	 * As the local run needs it: the project's file, unchanged, with its data and log in
	 * {@code baseDir}, kept across runs.
	 */
	public static PrometheusServer start(int port, Path baseDir) {
		return start(port, baseDir, CONFIG);
	}

	/** As {@link #start(int, Path)}, with another of the project's configurations. */
	public static PrometheusServer start(int port, Path baseDir, Path config) {
		return new PrometheusServer(config, port, baseDir.toAbsolutePath(), false);
	}

	/**
	 * The project's configuration with the local targets replaced by the given ones, a
	 * one-second scrape and rule evaluation, the rules loaded from the project.
	 * @param serviceTarget host:port of the service's management port
	 * @param restateTarget host:port of Restate's node port
	 */
	public static PrometheusServer startScraping(String serviceTarget, String restateTarget) {
		return startScraping(CONFIG, Map.of("127.0.0.1:2112", serviceTarget, "127.0.0.1:5122", restateTarget));
	}

	/**
	 * One of the project's configurations with its targets replaced, a one-second scrape
	 * and rule evaluation, the rules loaded from the project.
	 * @param targets host:port in the file to host:port to scrape instead
	 */
	public static PrometheusServer startScraping(Path projectConfig, Map<String, String> targets) {
		return startScraping(projectConfig, targets, RestateServer.freePort());
	}

	/**
	 * As {@link #startScraping(Path, Map)}, listening on a port chosen before, e.g. one
	 * already given to the service's configuration.
	 */
	public static PrometheusServer startScraping(Path projectConfig, Map<String, String> targets, int port) {
		try {
			Path dir = Files.createTempDirectory("prometheus-");
			String config = Files.readString(projectConfig)
				.replace("scrape_interval: 15s", "scrape_interval: 1s")
				.replace("evaluation_interval: 15s", "evaluation_interval: 1s")
				.replace("- config/prometheus/", "- " + CONFIG.getParent().resolve("config/prometheus") + "/")
				.replace("- rules/", "- " + projectConfig.getParent().resolve("rules") + "/");
			for (Map.Entry<String, String> target : targets.entrySet()) {
				config = config.replace("'" + target.getKey() + "'", "'" + target.getValue() + "'");
			}
			Path file = dir.resolve("prometheus.yml");
			Files.writeString(file, config);
			return new PrometheusServer(file, port, dir, true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Alerts Prometheus holds now, pending or firing ({@code /api/v1/alerts}). */
	public List<JsonNode> alerts() {
		return get("/api/v1/alerts").path("data").path("alerts").valueStream().toList();
	}

	private ChildProcess launch(Path config) {
		Path binary = binary().orElseThrow(() -> new IllegalStateException(
				"No prometheus on the PATH: apt-get install --no-install-recommends prometheus"));
		Path data;
		try {
			data = Files.createDirectories(this.baseDir.resolve("data"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ChildProcess.start("Prometheus",
				List.of(binary.toString(), "--config.file="
						+ config, "--web.listen-address=127.0.0.1:" + this.port, "--storage.tsdb.path=" + data),
				Map.of(), log(), Duration.ofSeconds(30),
				() -> this.http
					.send(HttpRequest.newBuilder(url().resolve("/-/ready")).build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200);
	}

	public URI url() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/** Completes when the process exits, with its exit status. */
	public CompletableFuture<Integer> onExit() {
		return this.process.onExit();
	}

	/**
	 * The alerts page that answers: {@code /alerts}, or {@code /classic/alerts} on
	 * Prometheus before 2.43 (Debian's 2.42), whose new UI lacks it.
	 */
	public URI alertsPage() {
		URI alerts = url().resolve("/alerts");
		try {
			int status = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(alerts).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
			return (status == 200) ? alerts : url().resolve("/classic/alerts");
		}
		catch (IOException ex) {
			return alerts;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return alerts;
		}
	}

	public Path log() {
		return this.baseDir.resolve("prometheus.log");
	}

	/**
	 * An instant query through the HTTP API.
	 * @return the {@code data.result} array
	 * @throws IllegalArgumentException when Prometheus rejects the query, with its error
	 */
	public JsonNode query(String promql) {
		JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		if (!"success".equals(answer.path("status").asText())) {
			throw new IllegalArgumentException(
					"Prometheus rejected " + promql + ": " + answer.path("error").asText(answer.toString()));
		}
		return answer.path("data").path("result");
	}

	/** Scalar value of a query that returns exactly one series. */
	public double value(String promql) {
		JsonNode result = query(promql);
		if (result.size() != 1) {
			throw new IllegalStateException(promql + " returned " + result.size() + " series: " + result);
		}
		return result.get(0).path("value").get(1).asDouble();
	}

	/** Every loaded rule group as Prometheus reports it ({@code /api/v1/rules}). */
	public List<JsonNode> ruleGroups() {
		JsonNode groups = get("/api/v1/rules").path("data").path("groups");
		return groups.valueStream().toList();
	}

	/** Scrape targets as Prometheus reports them ({@code /api/v1/targets}). */
	public List<JsonNode> activeTargets() {
		return get("/api/v1/targets").path("data").path("activeTargets").valueStream().toList();
	}

	private JsonNode get(String pathAndQuery) {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).build(),
					HttpResponse.BodyHandlers.ofString());
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.process.close();
		if (this.deleteOnClose) {
			ChildProcess.deleteRecursively(this.baseDir);
		}
	}

}
