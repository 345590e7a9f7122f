package dev.observableorders.order;

import org.springframework.test.context.TestPropertySource;
import dev.observableorders.soak.SoakChecker;
import dev.observableorders.support.ServiceTest;
import static dev.observableorders.support.ScriptedPartners.WAREHOUSE_DOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.PrometheusScrape;
import dev.observableorders.support.RestateAdmin;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.StubPaymentGateway;
import dev.observableorders.support.StubPaymentGateway.Operation;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every path on which money moves, against a real Restate server and the deduplicating
 * stub gateway over HTTP. After each test the books are checked for every order the
 * gateway ever charged: a stored final result, at most one charge, and the money the
 * gateway holds explained to the cent by the stored results.
 */
@ServiceTest
@TestPropertySource(properties = { "payment.gateway.timeout=2s", "orders.payment.max-delay=200ms",
		"orders.fulfillment.max-delay=100ms", "orders.refund-max-delay=200ms" })
@DirtiesContext
class MoneySafetyIT {

	private static final RestateServer restate = RestateServer.startFresh();

	private static final StubPaymentGateway gateway = new StubPaymentGateway();

	private static final Ingress ingress = new Ingress(restate.ingressUrl());

	private static final RestateAdmin admin = new RestateAdmin(restate.adminUrl());

	/** Totals of the orders the tests submitted, to check the books against. */
	private static final Map<String, BigDecimal> totals = new ConcurrentHashMap<>();

	@LocalServerPort
	int managementPort;

	@DynamicPropertySource
	static void useThisRestateAndTheStubGateway(DynamicPropertyRegistry registry) {
		registry.add("restate.deployment.admin-url", () -> restate.adminUrl().toString());
		registry.add("payment.gateway.url", () -> gateway.url().toString());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		restate.close();
	}

	@Test
	void aRealGatewayIsShownAsNotSimulated() {
		assertThat(scrape().value("payment_gateway_simulated{application=\"order-service\"}")).isZero();
	}

	@Test
	void refundRefusedWithA4xxEndsFulfillmentFailedWithTheRefundRecordedAsFailed() {
		gateway.answer(Operation.REFUND, -1, 400, "{\"error\":\"charge ch_123 of Jane Doe cannot be refunded\"}");
		double failedBefore = scrape().sum("refunds_total", "result=\"failed\"");

		Reply reply = submit("refund-400", WAREHOUSE_DOWN + "1", "25.50");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.field("status")).isEqualTo("fulfillment_failed");
		JsonNode refund = reply.json().path("refund");
		assertThat(refund.path("status").asText()).isEqualTo("failed");
		assertThat(refund.path("reason").asText())
			.startsWith("payment gateway refused the refund with 400, request req_");
		assertThat(refund.path("amount").decimalValue()).isEqualByComparingTo("25.50");
		assertThat(reply.body()).doesNotContain("Jane");
		assertThat(reply.field("message")).startsWith("Order could not be fulfilled: warehouse unavailable (scripted);"
				+ " the warehouse holds no shipment for it;"
				+ " refunding the payment failed (payment gateway refused the refund with 400");
		assertThat(ingress.getStatus("refund-400").json()).isEqualTo(reply.json());
		assertThat(scrape().sum("refunds_total", "result=\"failed\"") - failedBefore).isEqualTo(1);
		assertThat(gateway.charges("refund-400", true)).as("the charge stands: a person must settle it").hasSize(1);
	}

	@Test
	void refundAnsweredWithAnUnexpectedBodyIsRecordedAsFailed() {
		gateway.answer(Operation.REFUND, -1, 200, "{\"status\":\"pending review by Jane Doe\"}");

		Reply reply = submit("refund-odd", WAREHOUSE_DOWN + "2", "10.00");

		assertThat(reply.field("status")).isEqualTo("fulfillment_failed");
		assertThat(reply.json().path("refund").path("status").asText()).isEqualTo("failed");
		assertThat(reply.json().path("refund").path("reason").asText())
			.startsWith("payment gateway gave an unexpected answer to the refund");
		assertThat(reply.body()).doesNotContain("Jane");
	}

	@Test
	void refundAnswered503KeepsRetryingAndShowsAsRetryingUntilTheGatewayAnswers() {
		gateway.answer(Operation.REFUND, -1, 503, "{\"error\":\"down\"}");
		double refundedBefore = scrape().sum("refunds_total", "result=\"refunded\"");

		CompletableFuture<Reply> reply = submitAsync("refund-503", WAREHOUSE_DOWN + "3", "12.34");

		await("the refund retrying, in refunds_retrying and orders_retrying").atMost(Duration.ofSeconds(20))
			.until(() -> scrape().value("refunds_retrying{application=\"order-service\"}") == 1
					&& scrape().value("orders_retrying{application=\"order-service\"}") >= 1
					&& gateway.requests("refund-503", Operation.REFUND) >= 3);
		assertThat(reply).isNotDone();

		gateway.behave();

		assertThat(reply).succeedsWithin(Duration.ofSeconds(20)).satisfies((answer) -> {
			assertThat(answer.field("status")).isEqualTo("fulfillment_failed");
			assertThat(answer.json().path("refund").path("status").asText()).isEqualTo("refunded");
		});
		assertThat(gateway.refunds("refund-503")).singleElement().extracting("cents").isEqualTo(1234L);
		assertThat(scrape().sum("refunds_total", "result=\"refunded\"") - refundedBefore).isEqualTo(1);
		await("refunds_retrying back to zero").atMost(Duration.ofSeconds(5))
			.until(() -> scrape().value("refunds_retrying{application=\"order-service\"}") == 0);
	}

	@Test
	void refundAnswered401ThenOkIsRetriedAndEndsRefunded() {
		gateway.answer(Operation.REFUND, 2, 401, "{\"error\":\"invalid API key\"}");

		Reply reply = submit("refund-401", WAREHOUSE_DOWN + "5", "19.99");

		assertThat(reply.field("status")).isEqualTo("fulfillment_failed");
		assertThat(reply.json().path("refund").path("status").asText()).isEqualTo("refunded");
		assertThat(gateway.requests("refund-401", Operation.REFUND)).isEqualTo(3);
		assertThat(gateway.refunds("refund-401")).singleElement().extracting("cents").isEqualTo(1999L);
	}

	@Test
	void voidAnswered403IsRetriedNotRecordedAsFailed() {
		gateway.answer(Operation.CHARGE, -1, 503, "{\"error\":\"down\"}");
		gateway.answer(Operation.VOID, 1, 403, "{\"error\":\"forbidden\"}");

		Reply reply = submit("void-403", "cust-6", "8.00");

		assertThat(reply.field("status")).isEqualTo("payment_failed");
		assertThat(reply.json().path("void").path("status").asText()).isEqualTo("not_found");
		assertThat(gateway.requests("void-403", Operation.VOID)).isEqualTo(2);
	}

	@Test
	void chargeTheGatewayTookButNeverAnsweredIsVoidedBeforeTheOrderFails() {
		// every attempt outlives the client's 2 s timeout or meets the first still in
		// progress (409), so no attempt ever learns the outcome; the gateway took the
		// money
		gateway.latency(Operation.CHARGE, Duration.ofSeconds(5));
		double voidedBefore = scrape().sum("payment_voids_total", "result=\"voided\"");

		Reply reply = submit("charge-unanswered", "cust-1", "70.00");

		assertThat(reply.field("status")).isEqualTo("payment_failed");
		assertThat(reply.json().path("void").path("status").asText()).isEqualTo("voided");
		assertThat(reply.field("message")).startsWith("Payment could not be processed: payment gateway ")
			.endsWith("; the charge the gateway had made was voided");
		assertThat(gateway.charges("charge-unanswered")).isEqualTo(1);
		assertThat(gateway.charges("charge-unanswered", true)).as("no standing charge").isEmpty();
		assertThat(scrape().sum("payment_voids_total", "result=\"voided\"") - voidedBefore).isEqualTo(1);
	}

	@Test
	void chargeAnsweredInProgressIsRetriedWithTheSameKeyAndMadeOnce() {
		gateway.answer(Operation.CHARGE, 2, 409, "{\"error\":\"a request with this key is in progress\"}");

		Reply reply = submit("charge-409", "cust-2", "5.00");

		assertThat(reply.field("status")).isEqualTo("completed");
		assertThat(gateway.requests("charge-409", Operation.CHARGE)).isEqualTo(3);
		assertThat(gateway.charges("charge-409")).isEqualTo(1);
	}

	@Test
	void orderKilledMidPaymentIsShownAsChargedWithoutAResultAndChargedOnceWhenResubmittedUnchanged() throws Exception {
		InFlight killed = submitHeldAtTheGateway("killed-1", "cust-3", "99.99");

		admin.kill(killed.invocation());

		assertThat(killed.reply()).succeedsWithin(Duration.ofSeconds(10))
			.satisfies((reply) -> assertThat(reply.status()).isNotEqualTo(200));
		assertThat(ingress.getStatus("killed-1").field("status")).as("a kill stores nothing").isEqualTo("not_found");
		await("the charged order without a result counted").atMost(Duration.ofSeconds(10))
			.until(() -> scrape().value("orders_orphaned{application=\"order-service\"}") == 1);
		assertThat(pageJson("/orders").path("orphaned")).singleElement().satisfies((orphan) -> {
			assertThat(orphan.path("orderId").asText()).isEqualTo("killed-1");
			assertThat(orphan.path("total").decimalValue()).isEqualByComparingTo("99.99");
			assertThat(orphan.path("voidKey").asText()).isEqualTo("order:killed-1:void");
			assertThat(orphan.path("customer").asText()).as("masked").isEqualTo("•••");
		});
		assertThat(pageJson("/orders/killed-1").path("sentence").asText())
			.startsWith("Charged without a result: its call ended, killed by an operator");
		Reply changed = ingress.processOrder("killed-1", body("cust-3", "9.99"));
		assertThat(changed.status()).isEqualTo(409);
		assertThat(changed.field("message"))
			.startsWith("Order killed-1 was already submitted with another body (changed: total)");
		await("the killed attempt's charge answered by the gateway").atMost(Duration.ofSeconds(10))
			.until(() -> gateway.inProgress() == 0);

		Reply resubmitted = submit("killed-1", "cust-3", "99.99");

		assertThat(resubmitted.field("status")).isEqualTo("completed");
		assertThat(gateway.requests("killed-1", Operation.CHARGE)).as("the charge sent again").isEqualTo(2);
		assertThat(gateway.charges("killed-1", false)).as("under the same key: one charge, for the first body")
			.singleElement()
			.extracting("cents")
			.isEqualTo(9999L);
		await("no order charged without a result").atMost(Duration.ofSeconds(10))
			.until(() -> scrape().value("orders_orphaned{application=\"order-service\"}") == 0);
	}

	@Test
	void orderCancelledMidPaymentVoidsTheChargeAndKeepsThatResult() {
		InFlight cancelled = submitHeldAtTheGateway("cancelled-1", "cust-4", "42.00");

		admin.cancel(cancelled.invocation());

		assertThat(cancelled.reply()).succeedsWithin(Duration.ofSeconds(20)).satisfies((reply) -> {
			assertThat(reply.field("status")).isEqualTo("payment_failed");
			assertThat(reply.field("message")).isEqualTo("Payment could not be processed: cancelled by an operator;"
					+ " the charge the gateway had made was voided");
		});
		assertThat(gateway.charges("cancelled-1", true)).as("no standing charge").isEmpty();
		Reply resubmitted = submit("cancelled-1", "cust-4", "42.00");
		assertThat(resubmitted.json()).isEqualTo(cancelled.reply().join().json());
		assertThat(gateway.requests("cancelled-1", Operation.CHARGE)).isEqualTo(1);
	}

	@Test
	void totalsAreChargedAndRefundedToTheCent() {
		Reply thirtyCents = submit("cents-1", "cust-5", "0.30");
		Reply refunded = submit("cents-2", WAREHOUSE_DOWN + "4", "45.00");
		Reply fraction = ingress.processOrder("cents-3", body("cust-5", "10.001"));

		assertThat(thirtyCents.field("status")).isEqualTo("completed");
		assertThat(gateway.charges("cents-1", false)).singleElement().extracting("cents").isEqualTo(30L);
		assertThat(refunded.json().path("refund").path("status").asText()).isEqualTo("refunded");
		assertThat(refunded.body()).contains("\"amount\":45.00");
		assertThat(gateway.refunds("cents-2")).singleElement().extracting("cents").isEqualTo(4500L);
		assertThat(fraction.status()).isEqualTo(400);
		assertThat(fraction.field("message")).contains("total must have at most 2 decimal places (whole cents)");
		assertThat(gateway.requests("cents-3")).isZero();
	}

	/**
	 * For every order the gateway ever charged, by the soak's checker: exactly one
	 * charge, a stored final result, and the money the gateway still holds (charges -
	 * refunds - voids) equal to its total when the result keeps the money (completed, or
	 * a refund or void that failed) and to 0 otherwise, to the cent.
	 */
	@AfterEach
	void everyChargedOrderHasAStoredFinalResultAndTheBooksBalance() {
		gateway.behave();
		await("no charge in flight").atMost(Duration.ofSeconds(10)).until(() -> gateway.inProgress() == 0);
		Map<String, SoakChecker.Stored> stored = new HashMap<>();
		for (String orderId : gateway.chargedOrders()) {
			JsonNode result = ingress.getStatus(orderId).json();
			stored.put(orderId, SoakChecker.Stored.of(result));
		}
		assertThat(SoakChecker.money(gateway.ledger(), gateway.refunds(), totals, stored)).as("the books").isEmpty();
	}

	private Reply submit(String orderId, String customerId, String total) {
		totals.put(orderId, new BigDecimal(total));
		return ingress.processOrder(orderId, body(customerId, total));
	}

	/** As the seed's curl: no idempotency key, so a resubmission is a new invocation. */
	private CompletableFuture<Reply> submitAsync(String orderId, String customerId, String total) {
		return CompletableFuture.supplyAsync(() -> submit(orderId, customerId, total));
	}

	/**
	 * Submits an order whose charge the gateway takes at once but answers only after 1.5
	 * s (within the client's timeout), and returns once the charge waits there.
	 */
	private InFlight submitHeldAtTheGateway(String orderId, String customerId, String total) {
		gateway.latency(Operation.CHARGE, Duration.ofMillis(1500));
		CompletableFuture<Reply> reply = submitAsync(orderId, customerId, total);
		await("the charge at the gateway").atMost(Duration.ofSeconds(10))
			.until(() -> gateway.requests(orderId, Operation.CHARGE) == 1);
		String invocation = admin.unfinishedProcessOrder(orderId);
		assertThat(gateway.inProgress()).as("still waiting for the gateway's answer").isEqualTo(1);
		return new InFlight(reply, invocation);
	}

	/** An order in its payment step, and its caller still waiting for the answer. */
	private record InFlight(CompletableFuture<Reply> reply, String invocation) {
	}

	private static String body(String customerId, String total) {
		return """
				{"customerId":"%s","items":["item1","item2"],"total":%s}""".formatted(customerId, total);
	}

	/**
	 * The management port's JSON, as an operator's
	 * {@code curl -H 'Accept: application/json'}.
	 */
	private JsonNode pageJson(String path) throws Exception {
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
				.header("Accept", "application/json")
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
	}

	private PrometheusScrape scrape() {
		return PrometheusScrape.of(URI.create("http://127.0.0.1:" + this.managementPort + "/metrics"));
	}

}
