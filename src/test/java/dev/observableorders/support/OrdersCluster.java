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
 * replica verifies them. A new build is rolled out blue/green ({@link #rollout}): its
 * replicas start in the other {@link Slot}, a second deployment address, so that orders
 * pinned to the old one finish on the code they started on.
 */
public final class OrdersCluster implements AutoCloseable {

	private static final int NODES = 3;

	private final Layout layout;

	private volatile boolean deleteOnClose;

	private final List<AutoCloseable> started = new java.util.concurrent.CopyOnWriteArrayList<>();

	/** Every replica's --name=value settings, for the ones a rollout starts. */
	private List<String> serviceSettings = List.of();

	private final List<RestateServer> nodes = new ArrayList<>();

	/** The replicas of the slot new orders go to. */
	private final List<ServiceProcess> replicas = new ArrayList<>();

	/**
	 * The previous slot's replicas while orders pinned to it have not finished, after a
	 * rollout whose drain timed out.
	 */
	private final List<ServiceProcess> draining = new ArrayList<>();

	private Slot serving = Slot.BLUE;

	private Slot drainingSlot;

	/**
	 * Every replica runs the key's public half; kept for the replicas a rollout starts.
	 */
	private String identityKey;

	private SnapshotStore snapshots;

	private LoadBalancer loadBalancer;

	/**
	 * Where everything listens and keeps its data.
	 *
	 * @param nodes per node: ingress, admin and node port (cluster traffic and metrics)
	 * @param replicas per replica: its Restate endpoint and management port, in the
	 * {@link Slot#BLUE} slot
	 * @param standby the same for the {@link Slot#GREEN} slot, used by a rollout
	 * @param loadBalancer the balancer's frontends
	 * @param snapshotStorePort s3rver's port, the {@code aws-endpoint-url} of the nodes
	 * @param baseDir data directories of nodes and store, logs, the identity key
	 */
	public record Layout(List<RestateServer.Ports> nodes, List<Replica> replicas, List<Replica> standby,
			LoadBalancer.Ports loadBalancer, int snapshotStorePort, Path baseDir) {

		/**
		 * The ports of config/restate/cluster and config/haproxy: node N on 2N080
		 * (ingress), 2N070 (admin), 2N122 (node); replicas on 9191/2113 and 9192/2114,
		 * during a rollout to green on 9193/2115 and 9194/2116; the balancer on 9090,
		 * 8080, 9070 and 8404; s3rver on 4569.
		 */
		public static final Layout LOCAL = new Layout(
				IntStream.rangeClosed(1, NODES)
					.mapToObj((n) -> new RestateServer.Ports(20080 + n * 1000, 20070 + n * 1000, 20122 + n * 1000))
					.toList(),
				List.of(new Replica(9191, 2113), new Replica(9192, 2114)),
				List.of(new Replica(9193, 2115), new Replica(9194, 2116)), LoadBalancer.Ports.LOCAL, 4569,
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
			for (int r = 0; r < this.standby.size(); r++) {
				ports.put(this.standby.get(r).endpoint(), "green replica " + (r + 1) + "'s endpoint");
				ports.put(this.standby.get(r).management(), "green replica " + (r + 1) + "'s management port");
			}
			ports.put(this.snapshotStorePort, "the snapshot store, s3rver");
			return ports;
		}

		/**
		 * The replicas' Restate endpoints, the servers behind the deployment addresses:
		 * blue's, then green's.
		 */
		public List<URI> replicaEndpoints() {
			return java.util.stream.Stream.concat(this.replicas.stream(), this.standby.stream())
				.map((r) -> URI.create("http://127.0.0.1:" + r.endpoint()))
				.toList();
		}

		List<Replica> replicas(Slot slot) {
			return (slot == Slot.BLUE) ? this.replicas : this.standby;
		}

		/** Everything on free ports, data in a fresh temporary directory. */
		public static Layout free() {
			try {
				return new Layout(IntStream.range(0, NODES).mapToObj((n) -> RestateServer.Ports.free()).toList(),
						List.of(Replica.free(), Replica.free()), List.of(Replica.free(), Replica.free()),
						LoadBalancer.Ports.free(), RestateServer.freePort(),
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

	/**
	 * The two deployment addresses on the balancer's deployment port (config/haproxy):
	 * blue at its root, the seed's {@code http://127.0.0.1:9090}, green under
	 * {@code /green/}. Each is its own Restate deployment.
	 */
	public enum Slot {

		BLUE("/"), GREEN("/green/");

		private final String path;

		Slot(String path) {
			this.path = path;
		}

		Slot other() {
			return (this == BLUE) ? GREEN : BLUE;
		}

		String logName(int replica) {
			return (this == BLUE) ? "replica-" + replica + ".log" : "green-replica-" + replica + ".log";
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
		this.identityKey = identity.publicKey();
		this.serviceSettings = List.copyOf(serviceSettings);

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
		this.replicas.addAll(startReplicas(Slot.BLUE, ServiceProcess.jar(), false));

		progress.accept("registering " + deploymentUrl(Slot.BLUE) + " once, for every replica");
		register(Slot.BLUE, false);
		this.replicas.forEach(ServiceProcess::awaitReady);
	}

	/**
	 * The replicas of {@code slot}, running {@code build}, each live (not yet ready).
	 * @param besideServing others serve meanwhile: start at a lower CPU priority, so that
	 * their orders' p99 holds (docs/benchmarks.md, "Start-up")
	 */
	private List<ServiceProcess> startReplicas(Slot slot, Path build, boolean besideServing) {
		List<String> settings = new ArrayList<>(
				List.of("--restate.deployment.admin-url=" + this.loadBalancer.adminUrl(),
						"--restate.deployment.advertised-url=" + deploymentUrl(slot),
						"--restate.deployment.register=false", "--restate.sdk.identity-key=" + this.identityKey));
		settings.addAll(this.serviceSettings);
		List<Replica> slotPorts = this.layout.replicas(slot);
		List<CompletableFuture<ServiceProcess>> starting = IntStream.range(0, slotPorts.size())
			.mapToObj((i) -> CompletableFuture.supplyAsync(
					() -> ServiceProcess.startReplica(build, slotPorts.get(i).endpoint(), slotPorts.get(i).management(),
							settings, this.layout.baseDir().resolve(slot.logName(i + 1)), besideServing)))
			.toList();
		List<ServiceProcess> started = new ArrayList<>();
		RuntimeException failed = null;
		for (CompletableFuture<ServiceProcess> replica : starting) {
			try {
				started.add(track(replica.join()));
			}
			catch (RuntimeException ex) {
				failed = (failed != null) ? failed : ex;
			}
		}
		if (failed != null) {
			started.forEach(this::stop);
			throw (failed.getCause() instanceof RuntimeException cause) ? cause : failed;
		}
		return started;
	}

	/**
	 * Registers the slot's address once for all its replicas; the balancer takes a
	 * replica into rotation after two passed checks, so the first tries may fail.
	 * @param force overwrite the deployment at that address in place (what a rollout must
	 * not do: see {@link #replaceInPlace})
	 */
	private void register(Slot slot, boolean force) {
		RestateAdmin admin = new RestateAdmin(this.loadBalancer.adminUrl());
		await("registration of " + deploymentUrl(slot) + " through the balancer").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.untilAsserted(() -> admin.register(deploymentUrl(slot), force));
	}

	/** The address Restate calls {@code slot}'s replicas on. */
	public URI deploymentUrl(Slot slot) {
		return this.loadBalancer.deploymentUrl().resolve(slot.path);
	}

	/** The slot new orders go to. */
	public Slot serving() {
		return this.serving;
	}

	/**
	 * What a rollout did.
	 *
	 * @param build the jar now serving new orders
	 * @param from the previous deployment's address and id
	 * @param to the new deployment's address and id
	 * @param pinnedAtStart invocations pinned to the previous deployment when the new one
	 * took new orders
	 * @param left those still unfinished when the drain ended (0 unless it timed out)
	 * @param drain how long the previous deployment took to drain
	 */
	public record Rollout(Path build, URI from, String fromId, URI to, String toId, int pinnedAtStart,
			List<String> left, Duration drain) {

		public boolean retired() {
			return this.left.isEmpty();
		}

		/** The one line the tool ends with. */
		public String summary() {
			String drained = "%d invocations pinned to %s drained in %.1f s".formatted(this.pinnedAtStart, this.fromId,
					this.drain.toMillis() / 1000.0);
			return retired()
					? "Rolled out %s: new orders on %s (%s); %s; the old replicas are stopped and %s removed."
						.formatted(this.build.getFileName(), this.to, this.toId, drained, this.fromId)
					: ("Rolled out %s: new orders on %s (%s); %d of %d invocations pinned to %s still unfinished after"
							+ " %.1f s: the old replicas keep serving them (tools/rollout --retire finishes the drain).")
						.formatted(this.build.getFileName(), this.to, this.toId, this.left.size(), this.pinnedAtStart,
								this.fromId, this.drain.toMillis() / 1000.0);
		}

	}

	/**
	 * Rolls the cluster to {@code build} blue/green: its replicas start in the other
	 * slot, that address is registered as a new deployment (new orders go there), and the
	 * previous slot's replicas keep serving the invocations Restate pinned to the old
	 * deployment until none is left; then they stop and the old deployment is removed.
	 * After {@code drainTimeout} with some left, both keep running and the report says
	 * what remains ({@link #retire} finishes later).
	 * @param progress one line per step and, while draining, the invocations left
	 * @throws IllegalStateException when a drain of an earlier rollout is not finished,
	 * or the new replicas do not start (then nothing is registered and the old version
	 * serves on)
	 */
	public synchronized Rollout rollout(Path build, Duration drainTimeout, Consumer<String> progress) {
		if (this.drainingSlot != null) {
			throw new IllegalStateException(
					"The " + name(this.drainingSlot) + " replicas still serve invocations" + " pinned to "
							+ deploymentUrl(this.drainingSlot) + ": finish that drain first (tools/rollout --retire)");
		}
		Slot from = this.serving;
		Slot to = from.other();
		RestateAdmin admin = new RestateAdmin(this.loadBalancer.adminUrl());
		String fromId = admin.deploymentAt(deploymentUrl(from));
		// left by an earlier run of a cluster on this folder: registering over it would
		// change nothing, and new orders would stay on the old deployment
		String stale = admin.findDeploymentAt(deploymentUrl(to)).orElse(null);
		if (stale != null) {
			List<String> pinned = admin.unfinishedPinnedTo(stale);
			if (!pinned.isEmpty()) {
				throw new IllegalStateException(pinned.size() + " invocations are still pinned to " + stale + " at "
						+ deploymentUrl(to) + ", from an earlier run, with no replica serving them: start that build"
						+ " there, or kill them (restate invocations kill <id>)");
			}
			progress.accept("removing " + stale + ", the deployment an earlier run left at " + deploymentUrl(to));
			admin.removeDeployment(stale);
		}
		progress.accept("starting " + this.layout.replicas(to).size() + " " + name(to) + " replicas of " + build);
		List<ServiceProcess> started = startReplicas(to, build, true);
		progress.accept("registering " + deploymentUrl(to) + " as a new deployment: new orders go there");
		try {
			register(to, false);
		}
		catch (RuntimeException ex) {
			// nothing registered: the old version serves on alone
			started.forEach(this::stop);
			throw ex;
		}
		// the drain starts now: new orders go to the new deployment from here on
		long registered = System.nanoTime();
		int pinnedAtStart = admin.unfinishedPinnedTo(fromId).size();
		String toId = admin.deploymentAt(deploymentUrl(to));
		this.draining.addAll(this.replicas);
		this.replicas.clear();
		this.replicas.addAll(started);
		this.serving = to;
		this.drainingSlot = from;
		progress.accept(pinnedAtStart + " invocations pinned to " + fromId + " (" + deploymentUrl(from) + ") left");
		// a replica that does not become ready fails the rollout with both versions
		// running: orders may already be on the new one
		started.forEach(ServiceProcess::awaitReady);
		return drain(build, fromId, toId, pinnedAtStart, registered, drainTimeout, progress);
	}

	/**
	 * Waits again for the invocations pinned to the deployment a timed-out rollout left
	 * running, then stops its replicas and removes it.
	 */
	public synchronized Rollout retire(Duration drainTimeout, Consumer<String> progress) {
		if (this.drainingSlot == null) {
			throw new IllegalStateException("Nothing to retire: only " + deploymentUrl(this.serving) + " is deployed");
		}
		RestateAdmin admin = new RestateAdmin(this.loadBalancer.adminUrl());
		String fromId = admin.deploymentAt(deploymentUrl(this.drainingSlot));
		String toId = admin.deploymentAt(deploymentUrl(this.serving));
		return drain(this.replicas.get(0).build(), fromId, toId, admin.unfinishedPinnedTo(fromId).size(),
				System.nanoTime(), drainTimeout, progress);
	}

	/**
	 * @param started when the drain began ({@link System#nanoTime()})
	 */
	private Rollout drain(Path build, String fromId, String toId, int pinnedAtStart, long started, Duration timeout,
			Consumer<String> progress) {
		RestateAdmin admin = new RestateAdmin(this.loadBalancer.adminUrl());
		List<List<String>> left = new ArrayList<>(List.of(admin.unfinishedPinnedTo(fromId)));
		int[] reported = { pinnedAtStart };
		try {
			await("the invocations pinned to " + fromId).atMost(timeout)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					List<String> now = admin.unfinishedPinnedTo(fromId);
					left.set(0, now);
					if (now.size() != reported[0]) {
						progress.accept(now.size() + " invocations pinned to " + fromId + " ("
								+ deploymentUrl(this.drainingSlot) + ") left");
						reported[0] = now.size();
					}
					return now.isEmpty();
				});
		}
		catch (org.awaitility.core.ConditionTimeoutException timedOut) {
			// reported below, with what remains
		}
		Duration drain = Duration.ofNanos(System.nanoTime() - started);
		URI from = deploymentUrl(this.drainingSlot);
		List<String> remaining = left.get(0);
		if (remaining.isEmpty()) {
			progress.accept("no invocation pinned to " + fromId + " is left: stopping the " + name(this.drainingSlot)
					+ " replicas, removing " + fromId);
			this.draining.forEach(this::stop);
			this.draining.clear();
			admin.removeDeployment(fromId);
			this.drainingSlot = null;
		}
		else {
			progress.accept(remaining.size() + " invocations pinned to " + fromId + " still unfinished: "
					+ String.join(", ", remaining.subList(0, Math.min(10, remaining.size())))
					+ ((remaining.size() > 10) ? ", …" : ""));
		}
		return new Rollout(build, from, fromId, deploymentUrl(this.serving), toId, pinnedAtStart, remaining, drain);
	}

	/**
	 * The naive replacement a rollout exists to avoid, for the test that shows what it
	 * does: the serving replicas are stopped and {@code build} started on their ports,
	 * and the same address re-registered with {@code force}, so invocations pinned to
	 * that deployment resume on the new code. Safe only when the durable steps did not
	 * change (a fix inside a step).
	 */
	public synchronized void replaceInPlace(Path build, Consumer<String> progress) {
		progress.accept("stopping the " + name(this.serving) + " replicas; starting " + build + " on their ports");
		this.replicas.forEach(this::stop);
		this.replicas.clear();
		this.replicas.addAll(startReplicas(this.serving, build, false));
		progress.accept("re-registering " + deploymentUrl(this.serving) + " with force");
		register(this.serving, true);
		this.replicas.forEach(ServiceProcess::awaitReady);
	}

	private static String name(Slot slot) {
		return slot.name().toLowerCase(java.util.Locale.ROOT);
	}

	private void stop(ServiceProcess replica) {
		replica.close();
		this.started.remove(replica);
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
