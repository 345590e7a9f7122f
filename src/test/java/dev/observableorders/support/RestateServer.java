package dev.observableorders.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real Restate server (npm {@code @restatedev/restate-server}, pinned in
 * config/restate), on loopback, with its own ports and data directory. Used by the
 * integration tests and by the local run ({@code ./mvnw spring-boot:test-run}).
 */
public final class RestateServer implements AutoCloseable {

	/**
	 * Where the build installs the server; surefire, failsafe and test-run pass the
	 * absolute path.
	 */
	private static final String BINARY = System.getProperty("restate.server.binary",
			"config/restate/node_modules/@restatedev/restate-server-linux-x64/bin/restate-server");

	/** The project's Restate settings, read by every launcher and both compose files. */
	static final Path CONFIGURATION = Path.of("config/restate/restate.env");

	/**
	 * The shipped settings, as a list of files for those who try others (the benchmark).
	 */
	public static final List<Path> SHIPPED_CONFIGURATION = List.of(CONFIGURATION);

	private static RestateServer shared;

	private final Ports ports;

	private final Path baseDir;

	private final boolean deleteOnClose;

	private final Map<String, String> settings;

	/** Its settings file; null: Restate's own defaults (the benchmark's baseline). */
	private final List<Path> configuration;

	private final Path configFile;

	private final ChildProcess process;

	/**
	 * @param ingress the ingress port (Restate's default 8080)
	 * @param admin the admin API port (default 9070)
	 * @param node the node port, which also serves Prometheus metrics at /metrics
	 * (default 5122)
	 */
	public record Ports(int ingress, int admin, int node) {

		public static final Ports DEFAULTS = new Ports(8080, 9070, 5122);

		static Ports free() {
			return new Ports(freePort(), freePort(), freePort());
		}

	}

	private RestateServer(Ports ports, Path baseDir, boolean deleteOnClose, Map<String, String> settings) {
		this(ports, baseDir, deleteOnClose, settings, SHIPPED_CONFIGURATION);
	}

	private RestateServer(Ports ports, Path baseDir, boolean deleteOnClose, Map<String, String> settings,
			List<Path> configuration) {
		this(null, ports, baseDir, deleteOnClose, settings, configuration);
		try {
			awaitHealthy();
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private RestateServer(Path configFile, Ports ports, Path baseDir, boolean deleteOnClose,
			Map<String, String> settings, List<Path> configuration) {
		this.configFile = configFile;
		this.ports = ports;
		this.baseDir = baseDir;
		this.deleteOnClose = deleteOnClose;
		this.settings = settings;
		this.configuration = configuration;
		this.process = launch();
	}

	/**
	 * A cluster node from its TOML file, its ports and data directory overriding the
	 * file's. Returns at once: a node becomes healthy only once enough of its peers run,
	 * so start them all, then {@link #awaitHealthy()}.
	 */
	static RestateServer launchNode(Path configFile, Ports ports, Path baseDir, Map<String, String> settings,
			boolean configured) {
		return new RestateServer(configFile, ports, baseDir, false, settings,
				configured ? List.of(CONFIGURATION) : List.of());
	}

	/**
	 * A server for this test JVM, started on first use and stopped when the JVM exits.
	 */
	public static synchronized RestateServer shared() {
		if (shared == null) {
			shared = startFresh();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
		}
		return shared;
	}

	/** A new server on free ports with a fresh data directory, deleted on close. */
	public static RestateServer startFresh() {
		return startFresh(Map.of());
	}

	/**
	 * A new server on free ports with a fresh data directory, with extra
	 * {@code RESTATE_*} settings.
	 */
	public static RestateServer startFresh(Map<String, String> settings) {
		try {
			return new RestateServer(Ports.free(), Files.createTempDirectory("restate-"), true, settings);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A new server on free ports with a fresh data directory, its settings from the given
	 * files instead of {@link #SHIPPED_CONFIGURATION}, or Restate's own defaults when
	 * none: what the benchmark compares.
	 */
	public static RestateServer startFreshConfiguredBy(List<Path> configuration) {
		try {
			return new RestateServer(Ports.free(), Files.createTempDirectory("restate-"), true, Map.of(),
					configuration);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The settings of the files in order, a later one winning. */
	static Map<String, String> configuration(List<Path> files) {
		Map<String, String> settings = new LinkedHashMap<>();
		files.forEach((file) -> settings.putAll(configuration(file)));
		return settings;
	}

	/**
	 * The settings of one file: {@code KEY=VALUE} lines, blank lines and {@code #}
	 * comments skipped, values taken literally as compose's {@code env_file} takes them.
	 */
	static Map<String, String> configuration(Path file) {
		Map<String, String> settings = new LinkedHashMap<>();
		try {
			for (String line : Files.readAllLines(file)) {
				String setting = line.strip();
				if (setting.isEmpty() || setting.startsWith("#")) {
					continue;
				}
				int equals = setting.indexOf('=');
				if (equals < 1) {
					throw new IllegalStateException(file + ": not KEY=VALUE: " + setting);
				}
				settings.put(setting.substring(0, equals), setting.substring(equals + 1));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read Restate's configuration " + file, ex);
		}
		return settings;
	}

	/**
	 * A server on the given ports keeping its data in {@code baseDir} across runs, with
	 * extra {@code RESTATE_*} settings.
	 */
	public static RestateServer start(Ports ports, Path baseDir, Map<String, String> settings) {
		for (int port : new int[] { ports.ingress(), ports.admin(), ports.node() }) {
			if (!isFree(port)) {
				throw new IllegalStateException("Port " + port + " is taken: is another Restate server running?");
			}
		}
		return new RestateServer(ports, baseDir, false, settings);
	}

	/**
	 * @throws IllegalStateException one line: where the binary should be and how to get
	 * it
	 */
	public static void requireInstalled() {
		Path binary = Path.of(BINARY);
		if (!Files.isExecutable(binary)) {
			throw new IllegalStateException("No Restate server at " + binary.toAbsolutePath()
					+ ": run `npm ci --prefix config/restate` (the build does this when it is missing)");
		}
	}

	private ChildProcess launch() {
		requireInstalled();
		Path binary = Path.of(BINARY);
		try {
			Files.createDirectories(this.baseDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> command = new ArrayList<>(List.of(binary.toString()));
		if (this.configFile != null) {
			command.addAll(List.of("--config-file", this.configFile.toString()));
		}
		Map<String, String> env = new LinkedHashMap<>();
		env.put("RESTATE_BASE_DIR", this.baseDir.toString());
		env.put("RESTATE_BIND_ADDRESS", "127.0.0.1:" + this.ports.node());
		env.put("RESTATE_ADVERTISED_ADDRESS", "http://127.0.0.1:" + this.ports.node() + "/");
		env.put("RESTATE_ADMIN__BIND_ADDRESS", "127.0.0.1:" + this.ports.admin());
		env.put("RESTATE_INGRESS__BIND_ADDRESS", "127.0.0.1:" + this.ports.ingress());
		env.put("RESTATE_DISABLE_TELEMETRY", "true");
		env.put("RESTATE_LOG_FORMAT", "json");
		env.putAll(configuration(this.configuration));
		env.putAll(this.settings);
		HttpClient http = HttpClient.newHttpClient();
		return ChildProcess.launch("Restate server", command, env, log(), Duration.ofSeconds(30),
				() -> ok(http, adminUrl().resolve("/health")) && ok(http, ingressUrl().resolve("/restate/health")));
	}

	void awaitHealthy() {
		this.process.awaitUp();
	}

	private static boolean ok(HttpClient http, URI uri) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode() == 200;
	}

	/** kill -9: no shutdown, as when a machine dies. */
	public void kill() {
		this.process.kill();
	}

	/** Starts again on the same ports and data directory, e.g. after {@link #kill()}. */
	public void restart() {
		this.process.restart();
	}

	/**
	 * As {@link #restart()}, waiting up to {@code budget}: a cluster node may need
	 * minutes to rejoin a loaded cluster.
	 */
	public void restart(Duration budget) {
		this.process.restart(budget);
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** Completes when the running process exits, with its exit status. */
	public CompletableFuture<Integer> onExit() {
		return this.process.onExit();
	}

	public Ports ports() {
		return this.ports;
	}

	public URI ingressUrl() {
		return URI.create("http://127.0.0.1:" + this.ports.ingress());
	}

	public URI adminUrl() {
		return URI.create("http://127.0.0.1:" + this.ports.admin());
	}

	public URI metricsUrl() {
		return URI.create("http://127.0.0.1:" + this.ports.node() + "/metrics");
	}

	/** The server's process id (the benchmark reads its CPU time). */
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

	public Path log() {
		return this.baseDir.resolve("restate-server.log");
	}

	@Override
	public void close() {
		this.process.close();
		if (this.deleteOnClose) {
			ChildProcess.deleteRecursively(this.baseDir);
		}
	}

	static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Whether something accepts connections on this loopback port. */
	public static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Ports {@link #freePort()} handed out in this JVM, which it never hands out again.
	 */
	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	/**
	 * A port nothing listens on, below Linux's ephemeral range (32768 and up): a port the
	 * kernel hands out as free can be taken by an outgoing connection before the server
	 * meant for it binds it, which a busy cluster made happen. Never the same port twice
	 * in one JVM: the cluster chooses all its ports before it starts anything, and two
	 * picks of one still-unbound port made a replica fail with "already in use".
	 */
	public static int freePort() {
		for (int attempt = 0; attempt < 1000; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(10_000, 20_000);
			if (!HANDED_OUT.add(port)) {
				continue;
			}
			// every interface, not only loopback: the service's endpoint binds them all
			try (ServerSocket socket = new ServerSocket(port)) {
				return port;
			}
			catch (IOException taken) {
				// try another
			}
		}
		throw new IllegalStateException("No free port between 10000 and 20000");
	}

}
