package dev.observableorders.order;

import static dev.observableorders.support.ScriptedPartners.DECLINED;
import static dev.observableorders.support.ScriptedPartners.GATEWAY_DOWN;
import static dev.observableorders.support.ScriptedPartners.WAREHOUSE_DOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.support.Ingress;
import dev.observableorders.support.Ingress.Reply;
import dev.observableorders.support.RealRestateTest;
import dev.observableorders.support.ScriptedPartners.ScriptedPayments;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The seed's curl commands and JSON shapes, through a real Restate server's ingress. */
class SeedContractIT extends RealRestateTest {

	@Autowired
	ScriptedPayments payments;

	@Test
	void seedCurlCommandsCompleteOrdersAndGetStatusReturnsTheStoredResult() {
		Reply first = this.ingress.processOrder("order-001", """
				{
				  "id": "order-001",
				  "customerId": "cust-123",
				  "items": ["item1", "item2"],
				  "total": 99.99
				}""");
		Reply second = this.ingress.processOrder("order-002", """
				{
				  "id": "order-002",
				  "customerId": "cust-456",
				  "items": ["item3"],
				  "total": 45.00
				}""");

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.field("orderId")).isEqualTo("order-001");
		assertThat(first.field("status")).isEqualTo("completed");
		assertThat(first.field("message")).matches("Order fulfilled: fulfillment-\\d+");
		assertThat(Instant.parse(first.field("timestamp"))).isBefore(Instant.now());
		assertThat(second.field("status")).isEqualTo("completed");

		Reply status = this.ingress.getStatus("order-001");
		assertThat(status.status()).isEqualTo(200);
		assertThat(status.json()).isEqualTo(first.json());
	}

	@Test
	void getStatusAcceptsTheSeedsJsonBodyAndABarePost() {
		this.ingress.processOrder("status-1", Ingress.seedOrder("status-1", "cust-1"));

		Reply seedCall = this.ingress.getStatus("status-1");
		Reply barePost = this.ingress.post("/OrderService/status-1/GetStatus", null, null);

		assertThat(seedCall.status()).isEqualTo(200);
		assertThat(barePost.status()).isEqualTo(200);
		assertThat(barePost.json()).isEqualTo(seedCall.json());
	}

	@Test
	void getStatusSaysNotFoundForAnUnknownOrder() {
		Reply status = this.ingress.getStatus("never-submitted");

		assertThat(status.status()).isEqualTo(200);
		assertThat(status.body()).isEqualTo("""
				{"orderId":"never-submitted","status":"not_found","message":"Order not found"}""");
	}

	@Test
	void declinedPaymentEndsPaymentDeclined() {
		Reply reply = this.ingress.processOrder("declined-1", Ingress.seedOrder("declined-1", DECLINED + "1"));

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.field("status")).isEqualTo("payment_declined");
		assertThat(reply.field("message")).isEqualTo("Payment was declined");
		assertThat(this.ingress.getStatus("declined-1").field("status")).isEqualTo("payment_declined");
	}

	@Test
	void gatewayThatNeverAnswersEndsPaymentFailedAfterTheConfiguredAttempts() {
		Reply reply = this.ingress.processOrder("gateway-down-1",
				Ingress.seedOrder("gateway-down-1", GATEWAY_DOWN + "1"));

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.field("status")).isEqualTo("payment_failed");
		assertThat(reply.field("message"))
			.isEqualTo("Payment could not be processed: gateway down (scripted); the gateway holds no charge for it");
		assertThat(reply.json().path("void").path("status").asText()).isEqualTo("not_found");
		assertThat(this.payments.calls("gateway-down-1")).isEqualTo(3);
		assertThat(this.payments.voids("gateway-down-1")).as("the unanswered charge is settled").isEqualTo(1);
		assertThat(this.payments.charges("gateway-down-1")).isZero();
	}

	@Test
	void warehouseThatNeverAcceptsEndsFulfillmentFailedWithThePaymentRefunded() {
		Reply reply = this.ingress.processOrder("warehouse-down-1",
				Ingress.seedOrder("warehouse-down-1", WAREHOUSE_DOWN + "1"));

		assertThat(reply.field("status")).isEqualTo("fulfillment_failed");
		assertThat(reply.field("message")).isEqualTo("Order could not be fulfilled: warehouse unavailable (scripted);"
				+ " the warehouse holds no shipment for it; the payment was refunded");
		assertThat(reply.json().path("cancel").path("status").asText()).as("the unanswered hand-over is settled")
			.isEqualTo("not_found");
		assertThat(reply.json().path("refund").path("status").asText()).isEqualTo("refunded");
		assertThat(reply.json().path("refund").path("amount").decimalValue()).isEqualByComparingTo("99.99");
		assertThat(reply.json().path("refund").path("reference").asText()).startsWith("refund-");
		assertThat(this.payments.charges("warehouse-down-1")).isEqualTo(1);
		assertThat(this.payments.refunds("warehouse-down-1")).isEqualTo(1);
		assertThat(this.ingress.getStatus("warehouse-down-1").json()).isEqualTo(reply.json());
	}

	@Test
	void resubmittingAProcessedOrderReturnsTheStoredResultAndChargesOnce() {
		Reply first = this.ingress.processOrder("resubmit-1", Ingress.seedOrder("resubmit-1", "cust-9"));
		Reply again = this.ingress.processOrder("resubmit-1", Ingress.seedOrder("resubmit-1", "cust-9"));

		assertThat(first.field("status")).isEqualTo("completed");
		assertThat(again.json()).isEqualTo(first.json());
		assertThat(this.payments.charges("resubmit-1")).isEqualTo(1);
		assertThat(this.payments.calls("resubmit-1")).isEqualTo(1);
	}

	/**
	 * The journal budget of a completed order: input, the stored result and the accepted
	 * order read, the accepted order written before the charge (so a resubmission can be
	 * checked against it even when this invocation is killed), the payment and fulfilment
	 * steps (a run and its result each), the result written, output.
	 */
	@Test
	void completedOrderWritesTenJournalEntries() {
		Reply reply = this.ingress.processOrder("journal-1", Ingress.seedOrder("journal-1", "cust-1"));

		assertThat(reply.field("status")).isEqualTo("completed");
		assertThat(this.admin.journal(reply.invocationId())).containsExactly("Command: Input", "Command: GetEagerState",
				"Command: GetEagerState", "Command: SetState", "Command: Run", "Notification: Run", "Command: Run",
				"Notification: Run", "Command: SetState", "Command: Output");
	}

}
