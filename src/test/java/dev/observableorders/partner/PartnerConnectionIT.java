package dev.observableorders.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.OtlpReceiver;
import dev.observableorders.support.PrometheusScrape;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceTest;
import dev.observableorders.support.StubPaymentGateway;
import dev.observableorders.support.StubPaymentGateway.Operation;
import dev.observableorders.support.StubWarehouse;
import dev.observableorders.support.TestTls;
import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A payment gateway and a warehouse as a production service meets them: over TLS with a
 * private CA and client certificates (mutual TLS), each requiring its API key, configured
 * only through the documented settings ({@code *.api-key}, {@code *.ssl-bundle},
 * {@code spring.ssl.bundle.*}), behind the real Restate server forwarding the caller's
 * trace context.
 */
@ServiceTest
@TestPropertySource(properties = { "payment.gateway.api-key=gw-key-1", "payment.gateway.ssl-bundle=partners",
		"fulfillment.warehouse.api-key=wh-key-1", "fulfillment.warehouse.ssl-bundle=partners",
		"orders.payment.max-delay=200ms", "orders.fulfillment.max-delay=200ms", "orders.refund-max-delay=200ms",
		"orders.idempotency-key-prefix=test-stack:" })
@DirtiesContext
class PartnerConnectionIT {

	private static final TestTls tls = TestTls.create();

	private static final StubPaymentGateway gateway = new StubPaymentGateway(tls);

	private static final StubWarehouse warehouse = new StubWarehouse(tls);

	private static final OtlpReceiver receiver = new OtlpReceiver();

	private static final RestateServer restate = RestateServer
		.startFresh(Map.of("RESTATE_TRACING_ENDPOINT", receiver.url().toString()));

	private final Ingress ingress = new Ingress(restate.ingressUrl());

	@LocalServerPort
	int managementPort;

	@DynamicPropertySource
	static void partnersOverTls(DynamicPropertyRegistry registry) {
		registry.add("restate.deployment.admin-url", () -> restate.adminUrl().toString());
		registry.add("payment.gateway.url", () -> gateway.url().toString());
		registry.add("fulfillment.warehouse.url", () -> warehouse.url().toString());
		tls.bundle("partners").forEach((name, value) -> registry.add(name, () -> value));
	}

	@BeforeEach
	void keysAsConfigured() {
		gateway.requireApiKey("gw-key-1");
		warehouse.requireApiKey("wh-key-1");
	}

	@AfterAll
	static void stop() {
		restate.close();
		receiver.close();
		gateway.close();
		warehouse.close();
	}

	@Test
	void anOrderIsChargedAndShippedOverMutualTlsWithTheKeysAndThePartnersJoinTheCallersTrace() {
		assertThat(gateway.url().getScheme()).isEqualTo("https");
		String traceId = HexFormat.of().formatHex(random(16));

		Reply reply = this.ingress.post("/OrderService/tls-1/ProcessOrder", "application/json",
				Ingress.seedOrder("tls-1", "cust-1"),
				Map.of("traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(random(8)) + "-01"));

		assertThat(reply.field("status")).isEqualTo("completed");
		assertThat(gateway.charges("tls-1", false)).singleElement()
			.extracting("key")
			.as("the environment's prefix on the order's key")
			.isEqualTo("test-stack:order:tls-1:charge");
		assertThat(warehouse.shipments("tls-1")).isEqualTo(1);
		assertThat(gateway.traceparents("tls-1")).singleElement().asString().startsWith("00-" + traceId + "-");
		assertThat(warehouse.traceparents("tls-1")).singleElement().asString().startsWith("00-" + traceId + "-");
		assertThat(scrape().sum("http_client_requests_seconds_count", "client_name=\"127.0.0.1\"", "uri=\"/charges\"",
				"status=\"200\""))
			.as("the partner calls are timed by host and URI template, the labels PartnerAccessRefused reads")
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void aChargeRefusedForOurCredentialsWaitsBeyondItsAttemptsUntilTheKeyIsRightAndIsNeverVoided() {
		gateway.requireApiKey("gw-key-2");

		CompletableFuture<Reply> reply = this.ingress.processOrderAsync("rotated-1",
				Ingress.seedOrder("rotated-1", "cust-2"));

		await("the charge asked more often than its 3 attempts").atMost(Duration.ofSeconds(20))
			.until(() -> gateway.requests("rotated-1", Operation.CHARGE) >= 6);
		assertThat(reply).as("the order waits rather than fails").isNotDone();
		assertThat(gateway.requests("rotated-1", Operation.VOID)).isZero();
		await("orders_retrying shows it").atMost(Duration.ofSeconds(5))
			.until(() -> scrape().value("orders_retrying{application=\"order-service\"}") >= 1);

		gateway.requireApiKey("gw-key-1");

		assertThat(reply).succeedsWithin(Duration.ofSeconds(20))
			.satisfies((answer) -> assertThat(answer.field("status")).isEqualTo("completed"));
		assertThat(gateway.charges("rotated-1")).isEqualTo(1);
		assertThat(scrape().sum("http_client_requests_seconds_count", "uri=\"/charges\"", "status=\"401\""))
			.as("what the PartnerAccessRefused alert reads")
			.isGreaterThanOrEqualTo(6);
	}

	@Test
	void aHandOverRefusedForOurCredentialsWaitsUntilTheKeyIsRightAndIsNeitherCancelledNorRefunded() {
		warehouse.requireApiKey("wh-key-2");

		CompletableFuture<Reply> reply = this.ingress.processOrderAsync("rotated-2",
				Ingress.seedOrder("rotated-2", "cust-3"));

		await("the hand-over asked more often than its 3 attempts").atMost(Duration.ofSeconds(20))
			.until(() -> warehouse.handOverRequests("rotated-2") >= 6);
		assertThat(warehouse.shipments("rotated-2")).isZero();
		assertThat(reply).isNotDone();

		warehouse.requireApiKey("wh-key-1");

		assertThat(reply).succeedsWithin(Duration.ofSeconds(20))
			.satisfies((answer) -> assertThat(answer.field("status")).isEqualTo("completed"));
		assertThat(warehouse.cancelRequests("rotated-2")).isZero();
		assertThat(gateway.refunds("rotated-2")).isEmpty();
	}

	private PrometheusScrape scrape() {
		return PrometheusScrape.of(URI.create("http://127.0.0.1:" + this.managementPort + "/metrics"));
	}

	private static byte[] random(int count) {
		byte[] bytes = new byte[count];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

}
