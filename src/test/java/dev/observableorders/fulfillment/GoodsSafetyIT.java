package dev.observableorders.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.observableorders.soak.SoakChecker;
import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.PrometheusScrape;
import dev.observableorders.support.RestateAdmin;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceTest;
import dev.observableorders.support.StubPaymentGateway;
import dev.observableorders.support.StubWarehouse;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Every path on which goods move, against a real Restate server, the stub warehouse with
 * its ledger and the stub gateway, both over HTTP. After each test the soak's checker
 * reads the books: no order both shipped and refunded, every standing shipment paid for,
 * every completed order shipped once, and the money to the cent.
 */
@ServiceTest
@TestPropertySource(properties = { "fulfillment.warehouse.timeout=1s", "orders.fulfillment.max-delay=100ms",
		"orders.refund-max-delay=200ms" })
@DirtiesContext
class GoodsSafetyIT {

	/** Past the client's 1 s timeout: every attempt's answer is lost. */
	private static final Duration LATE = Duration.ofMillis(1500);

	private static final RestateServer restate = RestateServer.startFresh();

	private static final StubPaymentGateway gateway = new StubPaymentGateway();

	private static final StubWarehouse warehouse = new StubWarehouse();

	private static final Ingress ingress = new Ingress(restate.ingressUrl());

	private static final RestateAdmin admin = new RestateAdmin(restate.adminUrl());

	private static final Map<String, BigDecimal> totals = new ConcurrentHashMap<>();

	@LocalServerPort
	int managementPort;

	@DynamicPropertySource
	static void useThisRestateAndTheStubPartners(DynamicPropertyRegistry registry) {
		registry.add("restate.deployment.admin-url", () -> restate.adminUrl().toString());
		registry.add("payment.gateway.url", () -> gateway.url().toString());
		registry.add("fulfillment.warehouse.url", () -> warehouse.url().toString());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		warehouse.close();
		restate.close();
	}

	@Test
	void aHandOverRecordedButAnsweredLateEndsCompletedWithNoRefundWhenTheGoodsHaveLeft() {
		warehouse.latency(LATE);
		warehouse.dispatch(true);
		double shippedBefore = cancels("shipped");

		Reply reply = submit("late-shipped", "cust-1", "30.00");

		assertThat(reply.field("status")).isEqualTo("completed");
		String shipment = reply.json().path("cancel").path("fulfillmentId").asText();
		assertThat(reply.field("message"))
			.isEqualTo("Order fulfilled: " + shipment + " (shipped before the hand-over was cancelled)");
		assertThat(reply.json().path("cancel").path("status").asText()).isEqualTo("shipped");
		assertThat(reply.json().has("refund")).isFalse();
		assertThat(warehouse.handOverRequests("late-shipped")).as("every attempt's answer lost").isEqualTo(3);
		assertThat(warehouse.ledger()).filteredOn((s) -> s.orderId().equals("late-shipped"))
			.singleElement()
			.satisfies((s) -> assertThat(s.id()).isEqualTo(shipment));
		assertThat(gateway.refunds("late-shipped")).isEmpty();
		assertThat(cancels("shipped") - shippedBefore).isEqualTo(1);
	}

	@Test
	void aHandOverAnsweredLateThatCanStillBeStoppedIsCancelledAndRefunded() {
		warehouse.latency(LATE);

		Reply reply = submit("late-cancelled", "cust-2", "12.50");

		assertThat(reply.field("status")).isEqualTo("fulfillment_failed");
		assertThat(reply.field("message")).startsWith("Order could not be fulfilled: warehouse did not answer the"
				+ " hand-over within 1000 ms; the hand-over the warehouse had taken was cancelled;"
				+ " the payment was refunded");
		assertThat(reply.json().path("cancel").path("status").asText()).isEqualTo("cancelled");
		assertThat(reply.json().path("refund").path("status").asText()).isEqualTo("refunded");
		assertThat(warehouse.ledger()).filteredOn((s) -> s.orderId().equals("late-cancelled"))
			.singleElement()
			.satisfies((s) -> assertThat(s.cancelled()).isTrue());
	}

	@Test
	void aHandOverTheWarehouseNeverTookIsFoundMissingAndRefunded() {
		warehouse.answer(503, "{\"error\":\"down\"}");
		double notFoundBefore = cancels("not_found");

		Reply reply = submit("never-taken", "cust-3", "45.00");

		assertThat(reply.field("status")).isEqualTo("fulfillment_failed");
		assertThat(reply.json().path("cancel").path("status").asText()).isEqualTo("not_found");
		assertThat(reply.json().path("refund").path("status").asText()).isEqualTo("refunded");
		assertThat(gateway.refunds("never-taken")).singleElement().extracting("cents").isEqualTo(4500L);
		assertThat(cancels("not_found") - notFoundBefore).isEqualTo(1);
	}

	@Test
	void aHandOverTheWarehouseRefusesIsRefundedAtOnceWithoutACancel() {
		warehouse.refuse("unshippable-");

		Reply reply = submit("refused-1", "unshippable-1", "9.99");

		assertThat(reply.field("status")).isEqualTo("fulfillment_failed");
		assertThat(reply.field("message"))
			.startsWith("Order could not be fulfilled: warehouse refused the hand-over with 422, request req_");
		assertThat(reply.json().has("cancel")).isFalse();
		assertThat(reply.json().path("refund").path("status").asText()).isEqualTo("refunded");
		assertThat(warehouse.handOverRequests("refused-1")).isEqualTo(1);
		assertThat(warehouse.cancelRequests("refused-1")).isZero();
	}

	@Test
	void aCancelTheWarehouseRefusesKeepsThePaymentAndIsRecordedAsFailed() {
		warehouse.latency(LATE);
		warehouse.answerCancels(422, "{\"error\":\"Jane's parcel cannot be stopped\"}");
		double failedBefore = cancels("failed");

		Reply reply = submit("cancel-refused", "cust-4", "20.00");

		assertThat(reply.field("status")).isEqualTo("fulfillment_failed");
		assertThat(reply.json().path("cancel").path("status").asText()).isEqualTo("failed");
		assertThat(reply.json().path("cancel").path("reason").asText())
			.startsWith("warehouse refused the cancel with 422");
		assertThat(reply.json().has("refund")).as("the goods may ship: the money waits for a person").isFalse();
		assertThat(reply.field("message")).contains("the payment is kept").doesNotContain("Jane");
		assertThat(gateway.charges("cancel-refused", true)).hasSize(1);
		assertThat(cancels("failed") - failedBefore).isEqualTo(1);
	}

	@Test
	void aCancelWithoutAnAnswerIsRetriedAndShowsAsRetryingUntilTheWarehouseAnswers() {
		warehouse.latency(LATE);
		warehouse.answerCancels(503, "{\"error\":\"down\"}");

		CompletableFuture<Reply> reply = CompletableFuture.supplyAsync(() -> submit("cancel-503", "cust-5", "7.00"));

		await("the cancel retrying, in refunds_retrying").atMost(Duration.ofSeconds(30))
			.until(() -> warehouse.cancelRequests("cancel-503") >= 3
					&& scrape().value("refunds_retrying{application=\"order-service\"}") == 1);
		assertThat(reply).isNotDone();

		warehouse.answerCancels(0, null);

		assertThat(reply).succeedsWithin(Duration.ofSeconds(20)).satisfies((answer) -> {
			assertThat(answer.field("status")).isEqualTo("fulfillment_failed");
			assertThat(answer.json().path("cancel").path("status").asText()).isEqualTo("cancelled");
		});
	}

	@Test
	void anOperatorsCancelDuringTheHandOverCancelsItAtTheWarehouseAndRefunds() {
		warehouse.latency(Duration.ofMillis(700));
		CompletableFuture<Reply> reply = CompletableFuture
			.supplyAsync(() -> submit("operator-cancel", "cust-6", "15.00"));
		await("the hand-over at the warehouse").atMost(Duration.ofSeconds(10))
			.until(() -> warehouse.handOverRequests("operator-cancel") >= 1);

		admin.cancel(admin.unfinishedProcessOrder("operator-cancel"));

		assertThat(reply).succeedsWithin(Duration.ofSeconds(20)).satisfies((answer) -> {
			assertThat(answer.field("status")).isEqualTo("fulfillment_failed");
			assertThat(answer.field("message")).startsWith("Order could not be fulfilled: cancelled by an operator;");
			assertThat(answer.json().path("refund").path("status").asText()).isEqualTo("refunded");
		});
		assertThat(warehouse.ledger()).filteredOn((s) -> s.orderId().equals("operator-cancel"))
			.allSatisfy((s) -> assertThat(s.cancelled()).isTrue());
	}

	/**
	 * The soak's rules over every order these tests submitted: money and goods balance.
	 */
	@AfterEach
	void noOrderIsBothShippedAndRefundedAndTheBooksBalance() {
		warehouse.latency(Duration.ZERO);
		warehouse.dispatch(false);
		warehouse.answer(0, null);
		warehouse.answerCancels(0, null);
		warehouse.refuse(null);
		Map<String, SoakChecker.Stored> stored = new TreeMap<>();
		totals.keySet()
			.forEach((orderId) -> stored.put(orderId, SoakChecker.Stored.of(ingress.getStatus(orderId).json())));
		assertThat(SoakChecker.goods(warehouse.ledger(), gateway.refunds(), stored)).as("the goods").isEmpty();
		assertThat(SoakChecker.money(gateway.ledger(), gateway.refunds(), totals, stored)).as("the money").isEmpty();
	}

	private Reply submit(String orderId, String customerId, String total) {
		totals.put(orderId, new BigDecimal(total));
		return ingress.processOrder(orderId, """
				{"customerId":"%s","items":["book"],"total":%s}""".formatted(customerId, total));
	}

	private double cancels(String result) {
		return scrape().sum("fulfillment_cancels_total", "result=\"" + result + "\"");
	}

	private PrometheusScrape scrape() {
		return PrometheusScrape.of(URI.create("http://127.0.0.1:" + this.managementPort + "/metrics"));
	}

}
