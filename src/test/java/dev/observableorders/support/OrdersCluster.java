package dev.observableorders.support;

import dev.observableorders.restate.endpoint.RequestIdentityKeys;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The scaled-out system on loopback (docs/scaling-out.md): a 3-node Restate cluster from
 * {@code config/restate/cluster/node-N.toml} with s3rver as its snapshot repository, the
 * service as separate replica JVMs, and HAProxy ({@code config/haproxy/haproxy.cfg})
 * giving the replicas one deployment address, registered once, and the nodes one ingress
 * and one admin address. Every node signs its calls with one request identity key; every
 * replica verifies them.
 */
public final class OrdersCluster implements AutoCloseable {

	private static final int NODES = 3;

	private final Layout layout;

	private volatile boolean deleteOnClose;

	private final List<AutoCloseable> started = new ArrayList<>();

	private final List<RestateServer> nodes = new ArrayList<>();

	private final List<ServiceProcess> replicas = new ArrayList<>();

	private SnapshotStore snapshots;

	private LoadBalancer loadBalancer;

	/**
	 * Where everything listens and keeps its data.
	 *
	 * @param nodes per node: ingress, admin and node port (cluster traffic and metrics)
	 * @param replicas per replica: its Restate endpoint and management port
	 * @param loadBalancer the balancer's frontends
	 * @param snapshotStorePort s3rver's port, the {@code aws-endpoint-url} of the nodes
	 * @param baseDir data directories of nodes and store, logs, the identity key
	 */
	public record Layout(List<RestateServer.Ports> nodes, List<Replica> replicas, LoadBalancer.Ports loadBalancer,
			int snapshotStorePort, Path baseDir) {

		/**
		 * The ports of config/restate/cluster and config/haproxy: node N on 2N080
		 * (ingress), 2N070 (admin), 2N122 (node); replicas on 9191/2113 and 9192/2114;
		 * the balancer on 9090, 8080, 9070 and 8404; s3rver on 4569.
		 */
		public static final Layout LOCAL = new Layout(
				IntStream.rangeClosed(1, NODES)
					.mapToObj((n) -> new RestateServer.Ports(20080 + n * 1000, 20070 + n * 1000, 20122 + n * 1000))
					.toList(),
				List.of(new Replica(9191, 2113), new Replica(9192, 2114)), LoadBalancer.Ports.LOCAL, 4569,
				Path.of(".restate-cluster").toAbsolutePath());

		/** Every port the cluster listens on, with what it is for. */
		public Map<Integer, String> ports() {
			Map<Integer, String> ports = new LinkedHashMap<>();
			ports.put(this.loadBalancer.ingress(), "the balanced ingress");
			ports.put(this.loadBalancer.admin(), "the balanced admin API");
			ports.put(this.loadBalancer.deployment(), "the deployment address");
			ports.put(this.loadBalancer.metrics(), "HAProxy's metrics");
			for (int n = 0; n < this.nodes.size(); n++) {
				RestateServer.Ports node = this.nodes.get(n);
				ports.put(node.ingress(), "node " + (n + 1) + "'s ingress");
				ports.put(node.admin(), "node " + (n + 1) + "'s admin API");
				ports.put(node.node(), "node " + (n + 1) + "'s node port");
			}
			for (int r = 0; r < this.replicas.size(); r++) {
				ports.put(this.replicas.get(r).endpoint(), "replica " + (r + 1) + "'s endpoint");
				ports.put(this.replicas.get(r).management(), "replica " + (r + 1) + "'s management port");
			}
			ports.put(this.snapshotStorePort, "the snapshot store, s3rver");
			return ports;
		}

		/** The replicas' Restate endpoints, the servers behind the deployment address. */
		public List<URI> replicaEndpoints() {
			return this.replicas.stream().map((r) -> URI.create("http://127.0.0.1:" + r.endpoint())).toList();
		}

		/** Everything on free ports, data in a fresh temporary directory. */
		public static Layout free() {
			try {
				return new Layout(IntStream.range(0, NODES).mapToObj((n) -> RestateServer.Ports.free()).toList(),
						List.of(Replica.free(), Replica.free()), LoadBalancer.Ports.free(), RestateServer.freePort(),
						Files.createTempDirectory("orders-cluster-"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/**
	 * @param endpoint the replica's Restate endpoint, behind the balancer
	 * @param management its health and /metrics
	 */
	public record Replica(int endpoint, int management) {

		static Replica free() {
			return new Replica(RestateServer.freePort(), RestateServer.freePort());
		}

	}

	private OrdersCluster(Layout layout, boolean deleteOnClose) {
		this.layout = layout;
		this.deleteOnClose = deleteOnClose;
	}

	/**
	 * Starts it all and returns once every partition has a leader, both replicas are
	 * registered behind the balancer and ready.
	 * @param serviceSettings more --name=value settings for every replica
	 * @param progress one line per step, for the local run
	 */
	public static OrdersCluster start(Layout layout, boolean deleteOnClose, List<String> serviceSettings,
			Consumer<String> progress) {
		return start(layout, deleteOnClose, serviceSettings, true, progress);
	}

	/**
	 * @param configured false: the nodes run with Restate's own defaults instead of
	 * config/restate/restate.env (to compare)
	 */
	public static OrdersCluster start(Layout layout, boolean deleteOnClose, List<String> serviceSettings,
			boolean configured, Consumer<String> progress) {
		OrdersCluster cluster = new OrdersCluster(layout, deleteOnClose);
		try {
			cluster.startAll(serviceSettings, configured, progress);
			return cluster;
		}
		catch (RuntimeException | Error ex) {
			// keep the logs the failure message points to
			cluster.stopProcesses();
			throw ex;
		}
	}

	private void startAll(List<String> serviceSettings, boolean configured, Consumer<String> progress) {
		Path base = this.layout.baseDir();
		// before anything is written: a second cluster on the same folder or ports stops
		// here
		track(FolderLock.take(base, "A cluster", this.layout.ports()));
		// a new key each start: every node and replica starts with it
		RequestIdentityKeys identity = RequestIdentityKeys.generate();
		deleteIfExists(base.resolve("request-identity.pem"));
		Path key = identity.writePrivateKey(base.resolve("request-identity.pem"));

		progress.accept("snapshot repository (s3rver) on 127.0.0.1:" + this.layout.snapshotStorePort());
		this.snapshots = track(SnapshotStore.start(this.layout.snapshotStorePort(), base.resolve("snapshots")));

		progress.accept("3 Restate nodes");
		String peers = this.layout.nodes()
			.stream()
			.map((ports) -> "http://127.0.0.1:" + ports.node() + "/")
			.toList()
			.toString()
			.replace(" ", "");
		for (int n = 1; n <= NODES; n++) {
			RestateServer.Ports ports = this.layout.nodes().get(n - 1);
			Path config = Path.of("config/restate/cluster/node-" + n + ".toml").toAbsolutePath();
			this.nodes.add(track(RestateServer.launchNode(config, ports, base.resolve("node-" + n),
					Map.of("RESTATE_METADATA_CLIENT__ADDRESSES", peers, "RESTATE_WORKER__SNAPSHOTS__AWS_ENDPOINT_URL",
							this.snapshots.url().toString(),
							"RESTATE_WORKER__INVOKER__REQUEST_IDENTITY_PRIVATE_KEY_PEM_FILE", key.toString()),
					configured)));
		}
		this.nodes.forEach(RestateServer::awaitHealthy);
		progress.accept("waiting until every partition has a leader");
		awaitEveryPartitionLed();

		progress.accept("load balancer (HAProxy)");
		this.loadBalancer = track(LoadBalancer.start(this.layout.loadBalancer(), this.layout.replicaEndpoints(),
				this.layout.nodes(), base.resolve("haproxy.log")));

		progress.accept(this.layout.replicas().size() + " service replicas");
		List<String> settings = new ArrayList<>(
				List.of("--restate.deployment.admin-url=" + this.loadBalancer.adminUrl(),
						"--restate.deployment.advertised-url=" + this.loadBalancer.deploymentUrl(),
						"--restate.deployment.register=false", "--restate.sdk.identity-key=" + identity.publicKey()));
		settings.addAll(serviceSettings);
		List<CompletableFuture<ServiceProcess>> starting = IntStream.range(0, this.layout.replicas().size())
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> {
				Replica ports = this.layout.replicas().get(i);
				return ServiceProcess.startReplica(ports.endpoint(), ports.management(), settings,
						base.resolve("replica-" + (i + 1) + ".log"));
			}))
			.toList();
		for (CompletableFuture<ServiceProcess> replica : starting) {
			this.replicas.add(track(replica.join()));
		}

		progress.accept("registering " + this.loadBalancer.deploymentUrl() + " once, for every replica");
		RestateAdmin admin = new RestateAdmin(this.loadBalancer.adminUrl());
		// the balancer takes a replica into rotation after two passed checks
		await("registration through the balancer").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.untilAsserted(() -> admin.register(this.loadBalancer.deploymentUrl()));
		this.replicas.forEach(ServiceProcess::awaitReady);
	}

	private <T extends AutoCloseable> T track(T process) {
		this.started.add(process);
		return process;
	}

	/**
	 * Until the live nodes together lead every partition, as their metrics say (what
	 * {@code restatectl status} shows as LEADER counts).
	 */
	public void awaitEveryPartitionLed() {
		await("every partition led").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.until(() -> {
				double partitions = 0;
				double leaders = 0;
				for (RestateServer node : this.nodes) {
					if (node.isAlive()) {
						PrometheusScrape metrics = PrometheusScrape.of(node.metricsUrl());
						partitions = Math.max(partitions, metrics.sum("restate_num_partitions"));
						leaders += metrics.sum("restate_num_active_partition_leaders");
					}
				}
				return partitions > 0 && leaders == partitions;
			});
	}

	/** Node {@code n}, 1 to 3. */
	public RestateServer node(int n) {
		return this.nodes.get(n - 1);
	}

	public List<RestateServer> nodes() {
		return List.copyOf(this.nodes);
	}

	/** Replica {@code n}, 1 or 2. */
	public ServiceProcess replica(int n) {
		return this.replicas.get(n - 1);
	}

	public List<ServiceProcess> replicas() {
		return List.copyOf(this.replicas);
	}

	public LoadBalancer loadBalancer() {
		return this.loadBalancer;
	}

	/** Partitions node {@code n} leads now (0 when it does not answer). */
	public int leadersOn(int n) {
		try {
			return (int) PrometheusScrape.of(node(n).metricsUrl()).sum("restate_num_active_partition_leaders");
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * The scrape targets of {@code config/prometheus/prometheus.cluster.yml}, written for
	 * {@link Layout#LOCAL}, mapped to this layout's.
	 */
	public Map<String, String> prometheusTargets() {
		Map<String, String> targets = new LinkedHashMap<>();
		for (int i = 0; i < NODES; i++) {
			targets.put("127.0.0.1:" + Layout.LOCAL.nodes().get(i).node(),
					"127.0.0.1:" + this.layout.nodes().get(i).node());
		}
		for (int i = 0; i < this.layout.replicas().size(); i++) {
			targets.put("127.0.0.1:" + Layout.LOCAL.replicas().get(i).management(),
					"127.0.0.1:" + this.layout.replicas().get(i).management());
		}
		targets.put("127.0.0.1:" + Layout.LOCAL.loadBalancer().metrics(),
				"127.0.0.1:" + this.layout.loadBalancer().metrics());
		return targets;
	}

	public Layout layout() {
		return this.layout;
	}

	/** The launcher replaces its own key on each start, deliberately. */
	private static void deleteIfExists(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void createDirectories(Path dir) {
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Keeps the data and every process's log after close: a failed run's evidence. */
	public Path keepFiles() {
		this.deleteOnClose = false;
		return this.layout.baseDir();
	}

	@Override
	public void close() {
		stopProcesses();
		if (this.deleteOnClose) {
			ChildProcess.deleteRecursively(this.layout.baseDir());
		}
	}

	/** In reverse order of start: replicas, balancer, nodes, snapshot store. */
	private void stopProcesses() {
		List<AutoCloseable> reversed = new ArrayList<>(this.started);
		Collections.reverse(reversed);
		for (AutoCloseable process : reversed) {
			try {
				process.close();
			}
			catch (Exception ex) {
				// stop the rest regardless
			}
		}
	}

}
