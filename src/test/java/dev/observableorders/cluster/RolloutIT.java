package dev.observableorders.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observableorders.order.OrderRecords;
import dev.observableorders.support.Ingress;
import dev.observableorders.support.LoadBalancer;
import dev.observableorders.support.NextVersion;
import dev.observableorders.support.OrdersCluster;
import dev.observableorders.support.RestateAdmin;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.support.StubPaymentGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 41: a version whose durable steps changed (one more named step before the
 * payment, {@link NextVersion}) shipped while orders are held mid-payment by a gateway
 * outage, on a real 3-node cluster. Replaced in place, the held orders replay on code
 * their journal does not match and are stuck, which the gauge behind
 * {@code OrderJournalMismatch} and the order page show, until the version they started on
 * serves them again. Rolled out blue/green, they finish on the code they started on, new
 * orders run the new code, each order is charged once, and no replay ever mismatches.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutIT {

	private static final String NEW_STEP = "risk-check";

	private static StubPaymentGateway gateway;

	private static OrdersCluster cluster;

	private static Path nextVersion;

	private static Path buildFolder;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startTheClusterAndBuildTheNextVersion() throws IOException {
		LoadBalancer.require();
		gateway = new StubPaymentGateway();
		buildFolder = Files.createTempDirectory("next-version-");
		CompletableFuture<Path> building = CompletableFuture
			.supplyAsync(() -> NextVersion.withStepBeforePayment(ServiceProcess.jar(), NEW_STEP, buildFolder));
		cluster = OrdersCluster.start(OrdersCluster.Layout.free(), true,
				List.of("--payment.gateway.url=" + gateway.url(),
						// held by the outage as long as the test needs, retried every
						// second
						"--orders.payment.max-attempts=100000", "--orders.payment.max-delay=1s",
						"--orders.refund-max-delay=1s", "--orders.active-refresh=500ms",
						"--restate.deployment.check-interval=1s"),
				(step) -> System.out.println("cluster: " + step));
		nextVersion = building.join();
	}

	@AfterAll
	static void stop() {
		if (cluster != null) {
			cluster.close();
		}
		if (gateway != null) {
			gateway.close();
		}
		if (buildFolder != null) {
			org.springframework.util.FileSystemUtils.deleteRecursively(buildFolder.toFile());
		}
	}

	@Test
	@Order(1)
	void replacedInPlaceTheHeldOrdersMismatchTheirJournalSayWhyAndFinishOnceTheirVersionIsBack() {
		Ingress ingress = new Ingress(cluster.loadBalancer().ingressUrl());
		RestateAdmin admin = new RestateAdmin(cluster.loadBalancer().adminUrl());
		gateway.down(true);
		List<String> held = send(ingress, "in-place", 3);
		awaitRetryingInPayment(admin, held);

		cluster.replaceInPlace(nextVersion, (step) -> System.out.println("in place: " + step));
		gateway.down(false);

		await("the held orders fail their replay with a journal mismatch").atMost(Duration.ofSeconds(60))
			.until(() -> journalMismatches(admin), (count) -> count == held.size());
		ServiceProcess replica = cluster.replica(1);
		await("orders_journal_mismatch on a replica").atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> replica.scrape().sum("orders_journal_mismatch") == held.size());
		String page = get(replica.managementUrl().resolve("/orders/" + held.get(0)));
		assertThat(page).contains("journal no longer matches the code at its deployment")
			.contains("RT0016")
			.contains("OrderJournalMismatch");
		assertThat(get(replica.managementUrl().resolve("/orders"))).contains("journal mismatch");
		assertThat(held).as("no result stored")
			.allSatisfy((orderId) -> assertThat(status(ingress, orderId)).isEqualTo("not_found"));

		// the runbook: the version they started on back at their deployment's address
		cluster.replaceInPlace(ServiceProcess.jar(), (step) -> System.out.println("back: " + step));

		awaitCompleted(ingress, held);
		assertThat(held).allSatisfy((orderId) -> assertThat(gateway.charges(orderId)).as(orderId).isEqualTo(1));
		await("no mismatch left").atMost(Duration.ofSeconds(30)).until(() -> journalMismatches(admin) == 0);
	}

	@Test
	@Order(2)
	void rolledOutBlueGreenHeldOrdersFinishOnTheirVersionNewOnesOnTheNextEachChargedOnceNoneMismatched()
			throws Exception {
		Ingress ingress = new Ingress(cluster.loadBalancer().ingressUrl());
		RestateAdmin admin = new RestateAdmin(cluster.loadBalancer().adminUrl());
		URI blue = cluster.deploymentUrl(OrdersCluster.Slot.BLUE);
		String blueId = admin.deploymentAt(blue);
		AtomicLong mostMismatches = new AtomicLong();
		ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
		watch.scheduleAtFixedRate(() -> {
			try {
				mostMismatches.accumulateAndGet(journalMismatches(admin), Math::max);
			}
			catch (RuntimeException ex) {
				// the next sample counts
			}
		}, 0, 250, TimeUnit.MILLISECONDS);
		try {
			gateway.down(true);
			List<String> held = send(ingress, "held", 4);
			awaitRetryingInPayment(admin, held);

			List<String> progress = new ArrayList<>();
			CompletableFuture<OrdersCluster.Rollout> rolling = CompletableFuture
				.supplyAsync(() -> cluster.rollout(nextVersion, Duration.ofMinutes(3), (line) -> {
					System.out.println("rollout: " + line);
					progress.add(line);
				}));
			await("new orders go to green").atMost(Duration.ofMinutes(2))
				.until(() -> cluster.serving() == OrdersCluster.Slot.GREEN);
			List<String> fresh = send(ingress, "fresh", 4);
			awaitRetryingInPayment(admin, fresh);
			assertThat(rolling).as("the drain waits for the held orders").isNotDone();

			gateway.down(false);
			OrdersCluster.Rollout rollout = rolling.get(3, TimeUnit.MINUTES);
			awaitCompleted(ingress, fresh);
			awaitCompleted(ingress, held);

			System.out.println("rollout: " + rollout.summary());
			assertThat(rollout.retired()).as(rollout.summary()).isTrue();
			assertThat(rollout.fromId()).isEqualTo(blueId);
			assertThat(rollout.pinnedAtStart()).isEqualTo(held.size());
			assertThat(progress).anyMatch((line) -> line.startsWith(held.size() + " invocations pinned to " + blueId));
			assertThat(admin.query("SELECT id FROM sys_deployment WHERE id = '" + blueId + "'")).as("blue removed")
				.isEmpty();
			for (String orderId : held) {
				assertThat(ranOn(admin, orderId)).as(orderId + ": deployment, and whether it took the new step")
					.isEqualTo(blueId + " false");
			}
			for (String orderId : fresh) {
				assertThat(ranOn(admin, orderId)).as(orderId).isEqualTo(rollout.toId() + " true");
			}
			List<String> all = new ArrayList<>(held);
			all.addAll(fresh);
			assertThat(all).allSatisfy((orderId) -> assertThat(gateway.charges(orderId)).as(orderId).isEqualTo(1));
			assertThat(mostMismatches.get()).as("journal mismatches seen during the rollout").isZero();
		}
		finally {
			watch.shutdownNow();
		}
	}

	/** Sends {@code count} orders without waiting for them (Restate's {@code /send}). */
	private static List<String> send(Ingress ingress, String prefix, int count) {
		List<String> ids = IntStream.rangeClosed(1, count).mapToObj((i) -> prefix + "-" + i).toList();
		for (String id : ids) {
			Ingress.Reply reply = ingress.post("/OrderService/" + id + "/ProcessOrder/send", "application/json",
					Ingress.seedOrder(id, "cust-rollout"));
			assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		}
		return ids;
	}

	/** Until each order's invocation has failed its payment step at least once. */
	private static void awaitRetryingInPayment(RestateAdmin admin, List<String> orderIds) {
		await("orders held in the payment step").atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> admin
				.query("SELECT count(*) AS n FROM sys_invocation_state s JOIN sys_invocation_status i ON s.id = i.id"
						+ " WHERE i.target_service_key IN " + inList(orderIds)
						+ " AND s.last_failure_related_command_name = 'payment'")
				.path(0)
				.path("n")
				.asLong() == orderIds.size());
	}

	private static long journalMismatches(RestateAdmin admin) {
		return admin
			.query("SELECT count(*) AS n FROM sys_invocation_state WHERE last_failure_error_code = '"
					+ OrderRecords.JOURNAL_MISMATCH + "'")
			.path(0)
			.path("n")
			.asLong();
	}

	private static void awaitCompleted(Ingress ingress, List<String> orderIds) {
		await("orders completed").atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(orderIds)
				.allSatisfy((orderId) -> assertThat(status(ingress, orderId)).as(orderId).isEqualTo("completed")));
	}

	private static String status(Ingress ingress, String orderId) {
		return ingress.getStatus(orderId).field("status");
	}

	/**
	 * "{deployment its ProcessOrder was pinned to} {whether its journal has the new
	 * step}".
	 */
	private static String ranOn(RestateAdmin admin, String orderId) {
		JsonNode invocation = admin
			.query("SELECT id, pinned_deployment_id FROM sys_invocation_status WHERE target_service_key = '" + orderId
					+ "' AND target_handler_name = 'ProcessOrder'")
			.path(0);
		JsonNode steps = admin.query("SELECT name FROM sys_journal WHERE id = '" + invocation.path("id").asText()
				+ "' AND name = '" + NEW_STEP + "'");
		return invocation.path("pinned_deployment_id").asText() + " " + !steps.isEmpty();
	}

	private static String inList(List<String> values) {
		return values.stream()
			.map((value) -> "'" + value + "'")
			.reduce((a, b) -> a + ", " + b)
			.map((list) -> "(" + list + ")")
			.orElseThrow();
	}

	private String get(URI uri) {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
			return response.body();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
