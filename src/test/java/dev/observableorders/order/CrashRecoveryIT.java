package dev.observableorders.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.PrometheusScrape;
import dev.observableorders.support.RestateAdmin;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import dev.observableorders.support.StubPaymentGateway;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real crashes of real processes: the service as its own JVM, its own Restate server, and
 * a stub payment gateway over HTTP that deduplicates by idempotency key like a card
 * processor. Whatever dies, every order ends with exactly one terminal status and is
 * charged at most once.
 */
class CrashRecoveryIT {

	private static final String SUCCESS = "orders_total{application=\"order-service\",status=\"success\"}";

	private static final String FAILED = "orders_total{application=\"order-service\",status=\"failed\"}";

	private static final String ACTIVE = "orders_active{application=\"order-service\"}";

	private static RestateServer restate;

	private static StubPaymentGateway gateway;

	private static ServiceProcess service;

	private static Ingress ingress;

	@BeforeAll
	static void startTheSystem() {
		restate = RestateServer.startFresh();
		gateway = new StubPaymentGateway();
		// payment retries long enough to ride out a gateway outage of ~20 s
		service = ServiceProcess.start(restate, "--payment.gateway.url=" + gateway.url(),
				"--orders.payment.max-attempts=40", "--orders.payment.initial-delay=100ms",
				"--orders.payment.max-delay=1s", "--payment.gateway.timeout=10s", "--orders.active-refresh=200ms");
		ingress = new Ingress(restate.ingressUrl());
	}

	@AfterEach
	void healGateway() {
		gateway.down(false);
		gateway.latency(Duration.ZERO);
	}

	@AfterAll
	static void stopTheSystem() {
		service.close();
		gateway.close();
		restate.close();
	}

	@Test
	void serviceKilledWithOrdersInFlightRecoversEveryOrderOnceAndChargesOnce() {
		gateway.latency(Duration.ofSeconds(3));
		List<String> orders = ids("svc-kill", 60);
		PrometheusScrape beforeCrash = service.scrape();
		int requestsBefore = gateway.requests();
		List<CompletableFuture<Reply>> replies = orders.stream()
			.map((id) -> ingress.processOrderAsync(id, Ingress.seedOrder(id, "cust-1")))
			.toList();
		await("at least 50 orders waiting on the gateway").atMost(Duration.ofSeconds(30))
			.until(() -> gateway.requests() - requestsBefore >= 50);
		// no order can finish before the kill: each is held 3 s by the gateway
		PrometheusScrape lastScrapeBeforeCrash = service.scrape();

		service.kill();
		gateway.latency(Duration.ofMillis(100));
		service.restart();

		assertThat(CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)))
			.succeedsWithin(Duration.ofSeconds(120));
		assertEveryOrderCompletedAndChargedOnce(orders, replies);
		assertThat(orders).as("orders whose charge the new process sent again, same idempotency key")
			.filteredOn((id) -> gateway.requests(id) >= 2)
			.hasSizeGreaterThanOrEqualTo(50);
		// Counters reset with the process. Outcomes the dead JVM recorded after its last
		// scrape
		// would be lost to Prometheus, and an outcome recorded but not yet journaled
		// would be
		// counted again; neither can happen here, so the books must balance exactly.
		double beforeCount = lastScrapeBeforeCrash.value(SUCCESS) - beforeCrash.value(SUCCESS);
		PrometheusScrape afterRestart = service.scrape();
		assertThat(beforeCount + afterRestart.value(SUCCESS)).isEqualTo(orders.size());
		assertThat(afterRestart.value(FAILED)).isZero();
	}

	@Test
	void restateKilledMidBatchRestartsOnItsDataLosingNothingAndChargingOnce() {
		gateway.latency(Duration.ofSeconds(1));
		List<String> orders = ids("rs-kill", 30);
		int requestsBefore = gateway.requests();
		orders.forEach((id) -> ingress.processOrderAsync(id, Ingress.seedOrder(id, "cust-2")));
		await("orders in the payment step").atMost(Duration.ofSeconds(30))
			.until(() -> gateway.requests() - requestsBefore >= 20);

		restate.kill();
		gateway.latency(Duration.ZERO);
		restate.restart();

		// the callers lost their connections; they repeat their calls with the same
		// idempotency keys
		List<CompletableFuture<Reply>> replies = orders.stream()
			.map((id) -> ingress.processOrderAsync(id, Ingress.seedOrder(id, "cust-2")))
			.toList();
		assertThat(CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)))
			.succeedsWithin(Duration.ofSeconds(120));
		assertEveryOrderCompletedAndChargedOnce(orders, replies);
	}

	@Test
	void ordersWaitBackingOffWhileTheGatewayIsDownAndCompleteWhenItReturns() {
		gateway.down(true);
		CompletableFuture<Reply> reply = ingress.processOrderAsync("gw-outage-1",
				Ingress.seedOrder("gw-outage-1", "cust-3"));

		RestateAdmin admin = new RestateAdmin(restate.adminUrl());
		await("the order backing off in Restate").atMost(Duration.ofSeconds(20))
			.until(() -> admin
				.query("SELECT status FROM sys_invocation WHERE target_service_key = 'gw-outage-1'"
						+ " AND target_handler_name = 'ProcessOrder'")
				.findValuesAsText("status")
				.contains("backing-off"));
		assertThat(reply).isNotDone();
		await("orders_active counting the waiting order").atMost(Duration.ofSeconds(5))
			.until(() -> service.scrape().value(ACTIVE) == 1);

		gateway.down(false);

		assertThat(reply).succeedsWithin(Duration.ofSeconds(30))
			.satisfies((r) -> assertThat(r.field("status")).isEqualTo("completed"));
		assertThat(gateway.requests("gw-outage-1")).isGreaterThan(1);
		assertThat(gateway.charges("gw-outage-1")).isEqualTo(1);
		assertThat(gateway.netCents(List.of("gw-outage-1"))).isEqualTo(9999L);
		await("orders_active back to zero").atMost(Duration.ofSeconds(5))
			.until(() -> service.scrape().value(ACTIVE) == 0);
	}

	private static void assertEveryOrderCompletedAndChargedOnce(List<String> orders,
			List<CompletableFuture<Reply>> replies) {
		for (int i = 0; i < orders.size(); i++) {
			String id = orders.get(i);
			Reply reply = replies.get(i).join();
			assertThat(reply.status()).as(id).isEqualTo(200);
			assertThat(reply.field("status")).as(id).isEqualTo("completed");
			assertThat(ingress.getStatus(id).json()).as(id).isEqualTo(reply.json());
			assertThat(gateway.charges(id)).as("charges of " + id).isEqualTo(1);
		}
		assertThat(gateway.netCents(orders)).as("cents the gateway holds: every order's 99.99, once")
			.isEqualTo(9999L * orders.size());
	}

	private static List<String> ids(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + "-" + i).toList();
	}

}
