package dev.observableorders.support;

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
import java.util.Map;
import java.util.stream.Stream;

/**
 * The packaged service ({@code target/observable-orders-*.jar}) as its own JVM, so a test
 * can kill it with SIGKILL and start it again on the same ports. Failsafe runs after
 * {@code package}, so the jar is there.
 */
public final class ServiceProcess implements AutoCloseable {

	/**
	 * Heap of the service JVM, the same in every test and benchmark variant: at most 256
	 * MB, at least 128. Without the floor G1 shrinks the heap after the start-up and
	 * grows it back under load only when collections take more than about 8% of the time,
	 * so two JVMs under the same load ran on 65 or 114 MB: one with a young collection
	 * every half second, or with concurrent marking all the time, the other not (from
	 * 0.006 to 0.2 ms of GC per order; docs/benchmark-analysis.md, Finding 17). With the
	 * floor both stay at 128 MB.
	 */
	public static final List<String> HEAP = List.of("-Xms128m", "-Xmx256m");

	/** The command that starts a JVM with {@link #HEAP}; the caller adds what it runs. */
	public static List<String> java(String javaBinary) {
		List<String> command = new ArrayList<>(List.of(javaBinary));
		command.addAll(HEAP);
		return command;
	}

	/**
	 * A replica restart beside three Restate nodes under load took 30 to 52 s from the
	 * class-data-sharing layout, up to 92 s from the jar (ClusterFailoverIT, 2026-12-01).
	 */
	private static final Duration START_BUDGET = Duration.ofSeconds(90);

	/** System property: start the service as shipped, see {@link #asShipped()}. */
	public static final String AS_SHIPPED = "service.as-shipped";

	/**
	 * System property: how the service JVM starts ({@link StartupLayouts.Launch}, e.g.
	 * {@code aot}); unset, {@link #AS_SHIPPED} decides between the jar and the CDS
	 * layout.
	 */
	public static final String LAUNCH = "service.launch";

	private final List<String> arguments;

	private final int endpointPort;

	private final int managementPort;

	private final Path log;

	/** The build it runs: the packaged jar, or another version's in a rollout. */
	private final Path jar;

	/**
	 * Started at a lower CPU priority, beside replicas that serve: on 2 shared cores a
	 * starting JVM otherwise multiplies their p99 (docs/benchmarks.md, "Start-up").
	 */
	private boolean niced;

	/** Readiness, or liveness where readiness needs a registration that comes later. */
	private final String startedPath;

	private ChildProcess process;

	private ServiceProcess(Path jar, int endpointPort, int managementPort, List<String> settings, Path log,
			String startedPath) {
		this.jar = jar;
		this.endpointPort = endpointPort;
		this.managementPort = managementPort;
		// everything started here listens on loopback only, the management port too: the
		// defaults
		this.arguments = new ArrayList<>(
				List.of("--restate.sdk.http.port=" + endpointPort, "--server.port=" + managementPort));
		this.arguments.addAll(settings);
		this.log = log;
		this.startedPath = startedPath;
	}

	/**
	 * Starts the service registered with {@code restate}; {@code settings} are
	 * --name=value.
	 */
	public static ServiceProcess start(RestateServer restate, String... settings) {
		List<String> all = new ArrayList<>(
				List.of("--restate.deployment.admin-url=" + restate.adminUrl(), "--restate.deployment.force=true"));
		all.addAll(List.of(settings));
		return onFreePorts(all, "/health/readiness");
	}

	/**
	 * Starts the service registered nowhere (a test names the admin API, or none):
	 * returns when it is live.
	 */
	public static ServiceProcess startUnregistered(String... settings) {
		return onFreePorts(List.of(settings), "/health/liveness");
	}

	/**
	 * Launches on two ports that were free a moment ago; another process may take one
	 * before the service binds it (seen on CI), so a start that fails on a port in use is
	 * tried again on fresh ports, twice at most.
	 */
	private static ServiceProcess onFreePorts(List<String> settings, String startedPath) {
		for (int attempt = 1;; attempt++) {
			ServiceProcess service;
			try {
				service = new ServiceProcess(jar(), RestateServer.freePort(), RestateServer.freePort(), settings,
						Files.createTempFile("order-service-", ".log"), startedPath);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			try {
				service.launch();
				return service;
			}
			catch (RuntimeException ex) {
				service.close();
				if (attempt == 3 || !service.portWasTaken()) {
					throw ex;
				}
			}
		}
	}

	private boolean portWasTaken() {
		try {
			return Files.readString(this.log).contains("already in use");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A replica behind a load-balanced deployment address, which is registered once after
	 * the replicas run: returns when the replica is live, see {@link #awaitReady()}.
	 */
	static ServiceProcess startReplica(Path jar, int endpointPort, int managementPort, List<String> settings, Path log,
			boolean niced) {
		ServiceProcess replica = new ServiceProcess(jar, endpointPort, managementPort, settings, log,
				"/health/liveness");
		replica.niced = niced;
		replica.launch();
		return replica;
	}

	private void launch() {
		StartupLayouts.Launch launch = launchMode();
		List<String> command = new ArrayList<>(
				(this.niced || launch == StartupLayouts.Launch.CDS_NICED) ? List.of("nice", "-n", "10") : List.of());
		command.addAll(java((launch == StartupLayouts.Launch.AOT) ? StartupLayouts.java25().toString() : javaBinary()));
		command.addAll(switch (launch) {
			case JAR -> List.of("-jar", this.jar.toString());
			case LAUNCHER -> StartupLayouts.launcher(this.jar, javaBinary());
			case CDS, CDS_NICED -> ClassDataSharing.launch(this.jar, javaBinary());
			case AOT -> StartupLayouts.aot(this.jar);
		});
		command.addAll(this.arguments);
		// assigned before awaiting, so that close() stops a start that fails
		this.process = ChildProcess.launch("order service", command, Map.of(), this.log, START_BUDGET,
				health(this.startedPath));
		this.process.awaitUp();
	}

	/** Until readiness is UP: the endpoint listens and Restate has its deployment. */
	public void awaitReady() {
		this.process.awaitUntil("ready", START_BUDGET, health("/health/readiness"));
	}

	private ChildProcess.Probe health(String path) {
		HttpClient http = HttpClient.newHttpClient();
		return () -> http
			.send(HttpRequest.newBuilder(managementUrl().resolve(path)).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode() == 200;
	}

	/** kill -9: no shutdown hooks, no graceful anything. */
	public void kill() {
		this.process.kill();
	}

	public void restart() {
		this.process.restart();
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

	/** The build this process runs. */
	public Path build() {
		return this.jar;
	}

	/** The running JVM's process id (the benchmark reads its CPU time and memory). */
	public long pid() {
		return this.process.pid();
	}

	/** Stops every thread of it until {@link #thaw()} (SIGSTOP). */
	public void freeze() {
		this.process.freeze();
	}

	/** Lets it run again after {@link #freeze()}. */
	public void thaw() {
		this.process.thaw();
	}

	@Override
	public void close() {
		if (this.process != null) {
			this.process.close();
		}
	}

	/**
	 * Whether the service starts from its jar exactly as {@code java -jar} runs it in
	 * production, rather than from the faster-starting {@link ClassDataSharing} layout
	 * the tests use: the benchmark measures the shipped service
	 * ({@value #AS_SHIPPED}=true).
	 */
	private static boolean asShipped() {
		return Boolean.getBoolean(AS_SHIPPED);
	}

	private static StartupLayouts.Launch launchMode() {
		String launch = System.getProperty(LAUNCH);
		if (launch != null) {
			return StartupLayouts.Launch.of(launch);
		}
		return asShipped() ? StartupLayouts.Launch.JAR : StartupLayouts.Launch.CDS;
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** The build the tests run: {@code target/observable-orders-*.jar}. */
	public static Path jar() {
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
