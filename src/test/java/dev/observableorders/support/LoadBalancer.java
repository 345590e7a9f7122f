package dev.observableorders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HAProxy (Debian's {@code haproxy}) running {@code config/haproxy/haproxy.cfg}: the one
 * deployment address in front of the service replicas (HTTP/2 cleartext), and one address
 * each for the ingress and admin API of every Restate node.
 */
public final class LoadBalancer implements AutoCloseable {

	/** The project's HAProxy configuration; every address in it comes from here. */
	public static final Path CONFIG = Path.of("config/haproxy/haproxy.cfg").toAbsolutePath();

	private static final String HINT = "haproxy is not installed: apt-get install --no-install-recommends haproxy";

	private final Ports ports;

	private final Path log;

	private final ChildProcess process;

	/**
	 * @param deployment the deployment address Restate calls (the seed's 9090)
	 * @param ingress all nodes' ingress (Restate's single-server default, 8080)
	 * @param admin all nodes' admin API (default 9070)
	 * @param metrics HAProxy's own Prometheus metrics at /metrics
	 */
	public record Ports(int deployment, int ingress, int admin, int metrics) {

		public static final Ports LOCAL = new Ports(9090, 8080, 9070, 8404);

		static Ports free() {
			return new Ports(RestateServer.freePort(), RestateServer.freePort(), RestateServer.freePort(),
					RestateServer.freePort());
		}

	}

	private LoadBalancer(Ports ports, List<URI> replicaEndpoints, List<RestateServer.Ports> nodes, Path log) {
		this.ports = ports;
		this.log = log;
		Map<String, String> env = environment(ports, replicaEndpoints, nodes);
		String binary = binary().map(Path::toString).orElseThrow(() -> new IllegalStateException(HINT));
		// -db: stay in the foreground, so stopping this process stops the balancer
		this.process = ChildProcess.start("HAProxy", List.of(binary, "-db", "-f", CONFIG.toString()), env, log,
				Duration.ofSeconds(10), () -> RestateServer.listening(ports.deployment())
						&& RestateServer.listening(ports.ingress()) && RestateServer.listening(ports.admin()));
	}

	/**
	 * The variables {@code haproxy.cfg} reads: every frontend on 127.0.0.1, every server
	 * the balancer spreads over.
	 */
	public static Map<String, String> environment(Ports ports, List<URI> replicaEndpoints,
			List<RestateServer.Ports> nodes) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("LB_BIND", "127.0.0.1");
		env.put("LB_DEPLOYMENT_PORT", String.valueOf(ports.deployment()));
		env.put("LB_INGRESS_PORT", String.valueOf(ports.ingress()));
		env.put("LB_ADMIN_PORT", String.valueOf(ports.admin()));
		env.put("LB_METRICS_PORT", String.valueOf(ports.metrics()));
		for (int i = 0; i < replicaEndpoints.size(); i++) {
			env.put("REPLICA_" + (i + 1) + "_ENDPOINT", replicaEndpoints.get(i).getAuthority());
		}
		for (int i = 0; i < nodes.size(); i++) {
			env.put("NODE_" + (i + 1) + "_INGRESS", "127.0.0.1:" + nodes.get(i).ingress());
			env.put("NODE_" + (i + 1) + "_ADMIN", "127.0.0.1:" + nodes.get(i).admin());
		}
		return env;
	}

	static LoadBalancer start(Ports ports, List<URI> replicaEndpoints, List<RestateServer.Ports> nodes, Path log) {
		return new LoadBalancer(ports, replicaEndpoints, nodes, log);
	}

	/** The {@code haproxy} binary on the PATH or in /usr/sbin, if installed. */
	public static Optional<Path> binary() {
		return Installed.onPath("haproxy")
			.or(() -> Optional.of(Path.of("/usr/sbin/haproxy")).filter(Files::isExecutable));
	}

	/**
	 * Skips the calling test without HAProxy, unless {@code REQUIRE_HAPROXY=true} (CI
	 * sets it): then it fails, so that CI never passes by skipping.
	 */
	/**
	 * @throws IllegalStateException one line: how to install it
	 */
	public static void requireInstalled() {
		if (binary().isEmpty()) {
			throw new IllegalStateException(HINT);
		}
	}

	public static void require() {
		Installed.require(binary().isPresent(), "REQUIRE_HAPROXY", HINT);
	}

	/** The address Restate calls the service on, registered once for all replicas. */
	public URI deploymentUrl() {
		return URI.create("http://127.0.0.1:" + this.ports.deployment());
	}

	public URI ingressUrl() {
		return URI.create("http://127.0.0.1:" + this.ports.ingress());
	}

	public URI adminUrl() {
		return URI.create("http://127.0.0.1:" + this.ports.admin());
	}

	public URI metricsUrl() {
		return URI.create("http://127.0.0.1:" + this.ports.metrics() + "/metrics");
	}

	public Ports ports() {
		return this.ports;
	}

	public Path log() {
		return this.log;
	}

	@Override
	public void close() {
		this.process.close();
	}

}
