package dev.observableorders.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.observableorders.LocalCluster;
import dev.observableorders.support.FolderLock;
import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.LoadBalancer;
import dev.observableorders.support.OrdersCluster;
import dev.observableorders.support.PrometheusScrape;
import dev.observableorders.support.PrintedAddresses;
import dev.observableorders.support.PrometheusServer;
import dev.observableorders.support.RestateAdmin;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.support.StubPaymentGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's failure test, on a real 3-node Restate cluster with two service replicas
 * behind HAProxy and Prometheus scraping all of them: under a steady stream of orders
 * through node 1's ingress, kill -9 the node leading most partitions, restart it, then
 * kill -9 a replica and restart it. Every order ends with one terminal status and one
 * charge; throughput comes back; the dashboards' signals and the alerts see each loss.
 * Writes the stall and recovery times to target/cluster-failover.json.
 */
class ClusterFailoverIT {

	private static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * Answers per second after a failure, as a share of before, that count as recovered.
	 */
	private static final double RECOVERED = 0.5;

	private static StubPaymentGateway gateway;

	private static OrdersCluster cluster;

	private static PrometheusServer prometheus;

	@BeforeAll
	static void startTheCluster() {
		LoadBalancer.require();
		PrometheusServer.require("prometheus");
		gateway = new StubPaymentGateway();
		// orders spend a moment in the payment step, so some are always in flight
		gateway.latency(Duration.ofMillis(30));
		cluster = OrdersCluster.start(OrdersCluster.Layout.free(), true,
				List.of("--payment.gateway.url=" + gateway.url(), "--orders.payment.max-attempts=40",
						"--orders.payment.max-delay=1s", "--orders.active-refresh=500ms",
						"--restate.deployment.check-interval=1s"),
				(step) -> System.out.println("cluster: " + step));
		prometheus = PrometheusServer.startScraping(PrometheusServer.CLUSTER_CONFIG, cluster.prometheusTargets());
		aSecondClusterOnTheSameFolderAndPortsTouchesNothing();
	}

	/**
	 * Started again while it runs, a cluster stops before it writes anything: the key the
	 * nodes and replicas share and every log stay as they were, so the drills below (a
	 * node killed and restarted) still work.
	 */
	private static void aSecondClusterOnTheSameFolderAndPortsTouchesNothing() {
		Path base = cluster.layout().baseDir();
		Map<Path, String> before = files(base);

		assertThatThrownBy(() -> OrdersCluster.start(cluster.layout(), false, List.of(), (step) -> {
		})).isInstanceOf(FolderLock.Taken.class).hasMessageStartingWith("A cluster already runs from " + base);

		assertThat(files(base)).as("every file of the running cluster, byte for byte").isEqualTo(before);
	}

	/**
	 * Each file's content digest (logs grow while the cluster runs: their sizes only up
	 * to now).
	 */
	private static Map<Path, String> files(Path base) {
		try (Stream<Path> all = Files.walk(base, 1)) {
			Map<Path, String> files = new TreeMap<>();
			for (Path file : all.filter(Files::isRegularFile).toList()) {
				String name = file.getFileName().toString();
				files.put(file, name.endsWith(".log") ? "a log" : Files.readString(file));
			}
			return files;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@AfterAll
	static void stopTheCluster() {
		if (prometheus != null) {
			prometheus.close();
		}
		if (cluster != null) {
			cluster.close();
		}
		if (gateway != null) {
			gateway.close();
		}
	}

	@Test
	void killedNodeAndReplicaLoseNoOrderChargeNoneTwiceAndRejoin() throws Exception {
		await("Prometheus scraping 3 nodes, 2 replicas and the balancer").atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> prometheus.value("sum(up)") == 6);
		int victimNode = cluster.leadersOn(2) >= cluster.leadersOn(3) ? 2 : 3;
		ObjectNode report = JSON.createObjectNode();

		try (SteadyOrders orders = new SteadyOrders(cluster.node(1).ingressUrl(), "cluster-order", 6)) {
			await("orders flowing").atMost(Duration.ofSeconds(60)).until(() -> orders.answered() >= 50);
			long baselineStart = System.nanoTime();
			int answeredBefore = orders.answered();
			await("a baseline of 100 answers").atMost(Duration.ofSeconds(60))
				.until(() -> orders.answered() >= answeredBefore + 100);
			double baseline = new Throughput(orders.answeredAtNanos()).perSecond(baselineStart, System.nanoTime());

			// a Restate node: its partitions fail over to the others
			int ledByVictim = cluster.leadersOn(victimNode);
			long nodeKilled = System.nanoTime();
			cluster.node(victimNode).kill();
			await("node-" + victimNode + " dead in the failure detector of node-1").atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> PrometheusScrape.of(cluster.node(1).metricsUrl())
					.sum("restate_failure_detector_nodes_total", "state=\"dead\"") == 1);
			await("the dead node in Prometheus, RestateNodeDead pending").atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> prometheus.value("max(restate_failure_detector_nodes_total{state=\"dead\"})") == 1
						&& alertActive("RestateNodeDead"));
			cluster.awaitEveryPartitionLed();
			Duration nodeRecovery = awaitRecovery(orders, nodeKilled, baseline);
			long nodeRestarted = System.nanoTime();
			cluster.node(victimNode).restart();
			cluster.awaitEveryPartitionLed();
			await("node-" + victimNode + " alive again for node-1").atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> PrometheusScrape.of(cluster.node(1).metricsUrl())
					.sum("restate_failure_detector_nodes_total", "state=\"alive\"") == 3);
			Duration nodeRejoin = Duration.ofNanos(System.nanoTime() - nodeRestarted);
			report.set("node",
					phase(orders, nodeKilled, baseline, nodeRecovery).put("killed", "node-" + victimNode)
						.put("partitionsItLed", ledByVictim)
						.put("rejoinedAndAllPartitionsLedMs", nodeRejoin.toMillis()));

			// a service replica: Restate retries its in-flight calls through the balancer
			ServiceProcess victimReplica = cluster.replica(1);
			long replicaKilled = System.nanoTime();
			victimReplica.kill();
			await("replica down in Prometheus, OrderServiceInstanceDown pending").atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> prometheus.value("sum(up{job=\"order-service\"})") == 1
						&& alertActive("OrderServiceInstanceDown"));
			Duration replicaRecovery = awaitRecovery(orders, replicaKilled, baseline);
			long replicaRestarted = System.nanoTime();
			victimReplica.restart();
			double before = replicaAnswers(victimReplica);
			await("the restarted replica taking orders again").atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.until(() -> replicaAnswers(victimReplica) > before);
			report.set("replica", phase(orders, replicaKilled, baseline, replicaRecovery).put("killed", "replica-1")
				.put("restartedAndTakingOrdersMs", Duration.ofNanos(System.nanoTime() - replicaRestarted).toMillis()));

			orders.stopAndAwaitAnswers(Duration.ofSeconds(120));
			report.put("baselineOrdersPerSecond", Math.round(baseline * 10) / 10.0)
				.put("orders", orders.sent().size())
				.put("callerErrorsRepeated", orders.callerErrors().size());
			writeReport(report);

			assertEveryOrderEndedOnceAndChargedOnce(orders);
		}
		assertThat(new RestateAdmin(cluster.loadBalancer().adminUrl())
			.query("SELECT count(*) AS n FROM sys_invocation WHERE target_handler_name = 'ProcessOrder'"
					+ " AND status <> 'completed'")
			.path(0)
			.path("n")
			.asLong()).as("unfinished orders in Restate").isZero();
		await("orders_active back to 0, reported alike by both replicas").atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> prometheus.value("count(orders_active{job=\"order-service\"} == 0)") == 2);
	}

	@Test
	void everyAddressTheClustersBannerPrintsAnswers() {
		List<PrintedAddresses.Address> addresses = PrintedAddresses.in(LocalCluster.describe(cluster, prometheus));

		// 3 nodes' ingress, admin, metrics; 2 replicas' endpoint, metrics; the balancer's
		// ingress, admin, metrics (its deployment address speaks only h2c, to Restate);
		// Prometheus and its alerts
		assertThat(addresses).hasSize(3 * 3 + 2 * 2 + 3 + 2);
		SoftAssertions softly = new SoftAssertions();
		for (PrintedAddresses.Address address : addresses) {
			int status = PrintedAddresses.status(address.uri());
			softly.assertThat(address.answersWith(status)).as(address + " answered " + status).isTrue();
		}
		softly.assertAll();
	}

	@Test
	void theBalancerRefusesAnOversizedOrderBeforeItReachesRestate() {
		assertThat(
				new Ingress(cluster.loadBalancer().ingressUrl()).statusForDeclaredBody("oversized-1", 256 * 1024 + 1))
			.startsWith("HTTP/1.1 413");
	}

	@Test
	void replicasAcceptOnlyCallsSignedByTheClusterAndEachTakesItsShare() throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		for (ServiceProcess replica : cluster.replicas()) {
			HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(replica.endpointUrl().resolve("/discover"))
				.header("accept", "application/vnd.restate.endpointmanifest.v1+json")
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(unsigned.statusCode()).as("unsigned call to " + replica.endpointUrl()).isEqualTo(401);
		}
		Ingress ingress = new Ingress(cluster.loadBalancer().ingressUrl());
		double[] before = cluster.replicas().stream().mapToDouble(ClusterFailoverIT::replicaAnswers).toArray();
		for (int i = 0; i < 20; i++) {
			String id = "balanced-" + i;
			assertThat(ingress.processOrder(id, SteadyOrders.BODY.formatted(id)).field("status"))
				.isEqualTo("completed");
		}
		for (int r = 0; r < before.length; r++) {
			assertThat(replicaAnswers(cluster.replicas().get(r))).as("orders replica-" + (r + 1) + " completed")
				.isGreaterThan(before[r]);
		}
	}

	private static Duration awaitRecovery(SteadyOrders orders, long failedAt, double baseline) {
		return await("throughput back to " + RECOVERED + " of " + baseline + "/s").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> new Throughput(orders.answeredAtNanos()).recovery(failedAt, System.nanoTime(), baseline,
					RECOVERED), Optional::isPresent)
			.orElseThrow();
	}

	private static ObjectNode phase(SteadyOrders orders, long failedAt, double baseline, Duration recovery) {
		Throughput throughput = new Throughput(orders.answeredAtNanos());
		long now = System.nanoTime();
		return JSON.createObjectNode()
			.put("longestStallMs", throughput.longestStall(failedAt, now).toMillis())
			.put("recoveredTo50PercentMs", recovery.toMillis())
			.put("ordersPerSecondAfterRecovery",
					Math.round(throughput.perSecond(failedAt + recovery.toNanos(), now) * 10) / 10.0);
	}

	/** Orders this replica completed since it started (its counters start at 0). */
	private static double replicaAnswers(ServiceProcess replica) {
		return replica.scrape().sum("orders_total");
	}

	private static boolean alertActive(String name) {
		return prometheus.alerts()
			.stream()
			.anyMatch((alert) -> name.equals(alert.path("labels").path("alertname").asText()));
	}

	private static void assertEveryOrderEndedOnceAndChargedOnce(SteadyOrders orders) {
		Map<String, Reply> answers = orders.answers();
		Ingress ingress = new Ingress(cluster.loadBalancer().ingressUrl());
		assertThat(orders.sent()).hasSizeGreaterThan(100).doesNotHaveDuplicates();
		for (String id : orders.sent()) {
			Reply reply = answers.get(id);
			assertThat(reply).as("answer for " + id).isNotNull();
			assertThat(reply.status()).as(id + ": " + reply.body()).isEqualTo(200);
			assertThat(reply.field("status")).as(id).isEqualTo("completed");
			assertThat(ingress.getStatus(id).json()).as("GetStatus of " + id).isEqualTo(reply.json());
			assertThat(gateway.charges(id)).as("charges of " + id).isEqualTo(1);
		}
		assertThat(gateway.netCents(orders.sent())).as("cents the gateway holds: every order's 99.99, once")
			.isEqualTo(9999L * orders.sent().size());
	}

	private static void writeReport(JsonNode report) throws IOException {
		String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
		System.out.println("cluster failover: " + json);
		Files.writeString(Path.of("target", "cluster-failover.json"), json);
	}

}
