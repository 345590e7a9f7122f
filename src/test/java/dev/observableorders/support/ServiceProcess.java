package dev.observableorders.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The packaged service ({@code target/observable-orders-*.jar}) as its own JVM, so a test
 * can kill it with SIGKILL and start it again on the same ports. Failsafe runs after
 * {@code package}, so the jar is there.
 */
public final class ServiceProcess implements AutoCloseable {

	/** Heap limit of the service JVM, the same in every test and benchmark variant. */
	public static final String HEAP = "-Xmx256m";

	private final List<String> arguments;

	private final int endpointPort = RestateServer.freePort();

	private final int managementPort = RestateServer.freePort();

	private final Path log;

	private Process process;

	private ServiceProcess(RestateServer restate, List<String> settings) {
		this.arguments = new ArrayList<>(
				List.of("--restate.sdk.http.port=" + this.endpointPort, "--server.port=" + this.managementPort,
						"--restate.deployment.admin-url=" + restate.adminUrl(), "--restate.deployment.force=true"));
		this.arguments.addAll(settings);
		try {
			this.log = Files.createTempFile("order-service-", ".log");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts the service registered with {@code restate}; {@code settings} are
	 * --name=value.
	 */
	public static ServiceProcess start(RestateServer restate, String... settings) {
		ServiceProcess service = new ServiceProcess(restate, List.of(settings));
		service.launch();
		return service;
	}

	private void launch() {
		List<String> command = new ArrayList<>(List.of(javaBinary(), HEAP, "-jar", jar().toString()));
		command.addAll(this.arguments);
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		HttpClient http = HttpClient.newHttpClient();
		await("order service readiness, log " + this.log).atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.failFast("order service exited, see " + this.log, () -> !this.process.isAlive())
			.until(() -> http
				.send(HttpRequest.newBuilder(managementUrl().resolve("/health/readiness")).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200);
	}

	/** kill -9: no shutdown hooks, no graceful anything. */
	public void kill() {
		this.process.destroyForcibly();
		this.process.onExit().join();
	}

	public void restart() {
		launch();
	}

	public URI managementUrl() {
		return URI.create("http://127.0.0.1:" + this.managementPort);
	}

	public URI endpointUrl() {
		return URI.create("http://127.0.0.1:" + this.endpointPort);
	}

	public PrometheusScrape scrape() {
		return PrometheusScrape.of(managementUrl().resolve("/metrics"));
	}

	public Path log() {
		return this.log;
	}

	/** The running JVM's process id (the benchmark reads its CPU time and memory). */
	public long pid() {
		return this.process.pid();
	}

	@Override
	public void close() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			this.process.onExit().join();
		}
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static Path jar() {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((path) -> path.getFileName().toString().matches("observable-orders-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No jar in target" + File.separator + ": integration tests run after `package`"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
