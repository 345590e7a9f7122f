package dev.observableorders.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.observableorders.support.StubPaymentGateway;
import dev.observableorders.support.StubPaymentGateway.Operation;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;
import dev.observableorders.partner.PartnerConnection;

/** The HTTP client against a real HTTP gateway (the test stub, on loopback). */
class HttpPaymentGatewayTest {

	private static final BigDecimal TEN = new BigDecimal("10.00");

	private final StubPaymentGateway stub = new StubPaymentGateway();

	private final HttpPaymentGateway gateway = gateway(this.stub.url());

	private static HttpPaymentGateway gateway(URI url) {
		return new HttpPaymentGateway(
				new PartnerConnection(url, Duration.ofSeconds(1), DataSize.ofKilobytes(64), null, null),
				RestClient.builder(), new DefaultSslBundleRegistry());
	}

	@AfterEach
	void stop() {
		this.stub.close();
	}

	private static PaymentRequest charge(String orderId, String key) {
		return new PaymentRequest(orderId, "cust-1", TEN, key);
	}

	@Test
	void approvedChargeCarriesTheGatewaysReferenceAndIsMadeOncePerKey() {
		PaymentDecision first = this.gateway.charge(charge("o-1", "key-1"));
		PaymentDecision again = this.gateway.charge(charge("o-1", "key-1"));

		assertThat(first).isEqualTo(PaymentDecision.approved("ch_key-1")).isEqualTo(again);
		assertThat(this.stub.charges("o-1")).isEqualTo(1);
	}

	@Test
	void amountsTravelAsExactCentsInUsd() {
		this.gateway.charge(new PaymentRequest("o-c1", "c", new BigDecimal("0.30"), "key-c1"));
		this.gateway.charge(new PaymentRequest("o-c2", "c", new BigDecimal("999999.99"), "key-c2"));

		assertThat(this.stub.charges("o-c1", false)).singleElement().extracting("cents").isEqualTo(30L);
		assertThat(this.stub.charges("o-c2", false)).singleElement().extracting("cents").isEqualTo(99999999L);
	}

	@Test
	void declineIsAnAnswer() {
		assertThat(this.gateway.charge(new PaymentRequest("o-2", StubPaymentGateway.DECLINED + "1", TEN, "key-2")))
			.isEqualTo(PaymentDecision.declined("declined by the payment gateway"));
	}

	@Test
	void serverErrorsAndTimeoutsAreTransient() {
		this.stub.down(true);
		assertThatThrownBy(() -> this.gateway.charge(charge("o-3", "key-3")))
			.isInstanceOf(PaymentUnavailableException.class)
			.hasMessageContaining("503");

		this.stub.down(false);
		this.stub.latency(Duration.ofSeconds(3));
		assertThatThrownBy(() -> this.gateway.charge(charge("o-3", "key-3")))
			.isInstanceOf(PaymentUnavailableException.class)
			.hasMessage("payment gateway did not answer the charge within 1000 ms");
	}

	@Test
	void requestTimeoutConflictAndTooManyRequestsAreUnknownOutcomesButOtherClientErrorsAreFinal() {
		for (int status : new int[] { 408, 409, 429 }) {
			this.stub.answer(Operation.CHARGE, 1, status, "{\"error\":\"later\"}");
			assertThatThrownBy(() -> this.gateway.charge(charge("o-4", "key-4"))).as("%d", status)
				.isInstanceOf(PaymentUnavailableException.class)
				.hasMessageContaining(String.valueOf(status))
				.satisfies((ex) -> assertThat(((PaymentUnavailableException) ex).accessRefused()).isFalse());
		}

		for (int status : new int[] { 400, 422, 410 }) {
			this.stub.answer(Operation.CHARGE, 1, status, "{\"error\":\"no\"}");
			assertThatThrownBy(() -> this.gateway.charge(charge("o-4", "key-4"))).as("%d", status)
				.isInstanceOf(PaymentRejectedException.class)
				.hasMessageStartingWith("payment gateway refused the charge with " + status + ", request req_");
		}
	}

	@Test
	void refusedCredentialsOrAddressAreUnknownOutcomesThatWaitForAnOperator() {
		for (int status : new int[] { 401, 403, 404, 407 }) {
			this.stub.rejectWith(status);
			assertThatThrownBy(() -> this.gateway.refund(new RefundRequest("o-14", "ch_x", TEN, "refund-14")))
				.as("%d", status)
				.isInstanceOf(PaymentUnavailableException.class)
				.hasMessageStartingWith("payment gateway refused our " + ((status == 404) ? "address" : "credentials")
						+ " for the refund with " + status + ", request req_")
				.satisfies((ex) -> assertThat(((PaymentUnavailableException) ex).accessRefused()).isTrue());
		}
	}

	@Test
	void aClientErrorWithoutAJsonBodyIsNotTheGatewaysAnswer() {
		this.stub.answer(Operation.VOID, -1, 400, "<html>Bad gateway config at the proxy</html>");

		assertThatThrownBy(() -> this.gateway.voidCharge(new VoidRequest("o-15", "key-15", "void-15")))
			.isInstanceOf(PaymentUnavailableException.class)
			.hasMessageStartingWith("payment gateway answered the void with 400");
	}

	@Test
	void theApiKeyTravelsAsABearerTokenAndNoKeyIsAnsweredAsRefusedCredentials() {
		this.stub.requireApiKey("sk_test_1");
		HttpPaymentGateway withKey = new HttpPaymentGateway(new PartnerConnection(this.stub.url(),
				Duration.ofSeconds(1), DataSize.ofKilobytes(64), "sk_test_1", null), RestClient.builder(),
				new DefaultSslBundleRegistry());

		assertThat(withKey.charge(charge("o-16", "key-16")).approved()).isTrue();
		assertThatThrownBy(() -> this.gateway.charge(charge("o-17", "key-17")))
			.isInstanceOf(PaymentUnavailableException.class)
			.hasMessageContaining("refused our credentials")
			.hasMessageNotContaining("sk_test");
		assertThat(this.stub.charges("o-17")).isZero();
	}

	@Test
	void aSecondRequestWhileTheFirstWithTheSameKeyIsInProgressIsAnUnknownOutcome() throws Exception {
		this.stub.latency(Duration.ofMillis(700));
		Thread first = new Thread(() -> this.gateway.charge(charge("o-9", "key-9")));
		first.start();
		org.awaitility.Awaitility.await().until(() -> this.stub.requests("o-9") == 1);

		assertThatThrownBy(() -> this.gateway.charge(charge("o-9", "key-9")))
			.isInstanceOf(PaymentUnavailableException.class)
			.hasMessageContaining("409");
		first.join();
		assertThat(this.gateway.charge(charge("o-9", "key-9")).approved()).isTrue();
		assertThat(this.stub.charges("o-9")).isEqualTo(1);
	}

	@Test
	void aRefundTheGatewayCompletedIsAnsweredAgainUnderItsKeyEvenWhileNewRefundsAreRefused() {
		this.gateway.charge(charge("o-13", "key-13"));
		String refunded = this.gateway.refund(new RefundRequest("o-13", "ch_key-13", TEN, "refund-13"));
		this.stub.answer(Operation.REFUND, -1, 422, "{\"error\":\"refund refused\"}");

		assertThat(this.gateway.refund(new RefundRequest("o-13", "ch_key-13", TEN, "refund-13"))).isEqualTo(refunded);
		assertThatThrownBy(() -> this.gateway.refund(new RefundRequest("o-13", "ch_key-13", TEN, "refund-13b")))
			.isInstanceOf(PaymentRejectedException.class)
			.hasMessageContaining("422");
		assertThat(this.stub.refunds("o-13")).singleElement().extracting("key").isEqualTo("refund-13");
	}

	@Test
	void gatewayTextNeverReachesTheMessage() {
		this.stub.answer(Operation.REFUND, -1, 400, "{\"error\":\"card 4242 4242 4242 4242 of Jane Doe\"}");
		assertThatThrownBy(() -> this.gateway.refund(new RefundRequest("o-7", "ch_x", TEN, "refund-7")))
			.isInstanceOf(PaymentRejectedException.class)
			.hasMessageNotContaining("4242")
			.hasMessageNotContaining("Jane");

		this.stub.answer(Operation.REFUND, -1, 200, "{\"status\":\"Jane Doe's refund is pending\"}");
		assertThatThrownBy(() -> this.gateway.refund(new RefundRequest("o-7", "ch_x", TEN, "refund-7")))
			.isInstanceOf(PaymentRejectedException.class)
			.hasMessageStartingWith("payment gateway gave an unexpected answer to the refund")
			.hasMessageNotContaining("Jane");
	}

	@Test
	void anAnswerWhoseBodyStallsIsUnansweredWhenTheCallsDeadlinePasses() {
		this.stub.bodyDelay(Duration.ofSeconds(3));

		assertThatThrownBy(() -> this.gateway.charge(charge("o-11", "key-11")))
			.isInstanceOf(PaymentUnavailableException.class)
			.hasMessage("payment gateway did not answer the charge within 1000 ms");
	}

	@Test
	void anOversizedAnswerIsRefusedUnreadAndLeavesTheOutcomeUnknown() {
		this.stub.answer(Operation.CHARGE, -1, 200,
				"{\"status\":\"approved\",\"pad\":\"" + "x".repeat(100_000) + "\"}");

		assertThatThrownBy(() -> this.gateway.charge(charge("o-12", "key-12")))
			.isInstanceOf(PaymentUnavailableException.class)
			.hasMessageStartingWith("payment gateway gave an answer over 64 KB to the charge");
	}

	@Test
	void unreachableGatewayIsTransient() {
		HttpPaymentGateway nowhere = gateway(URI.create("http://127.0.0.1:1"));

		assertThatThrownBy(() -> nowhere.charge(charge("o-5", "key-5")))
			.isInstanceOf(PaymentUnavailableException.class);
	}

	@Test
	void refundGivesBackTheChargeOncePerKey() {
		String reference = this.gateway.charge(charge("o-6", "key-6")).reference();

		assertThat(this.gateway.refund(new RefundRequest("o-6", reference, TEN, "refund-6"))).isEqualTo("re_refund-6");
		assertThat(this.gateway.refund(new RefundRequest("o-6", reference, TEN, "refund-6"))).isEqualTo("re_refund-6");
		assertThat(this.stub.refunds("o-6")).hasSize(1);
		assertThat(this.stub.netCents(java.util.List.of("o-6"))).isZero();
	}

	@Test
	void voidCancelsTheChargeUnderTheKeyAndBlocksAnEmptyKey() {
		this.gateway.charge(charge("o-8", "key-8"));

		assertThat(this.gateway.voidCharge(new VoidRequest("o-8", "key-8", "void-8"))).isEqualTo(VoidOutcome.VOIDED);
		assertThat(this.gateway.voidCharge(new VoidRequest("o-8", "key-8", "void-8"))).isEqualTo(VoidOutcome.VOIDED);
		assertThat(this.stub.charges("o-8", true)).isEmpty();

		assertThat(this.gateway.voidCharge(new VoidRequest("o-10", "key-10", "void-10")))
			.isEqualTo(VoidOutcome.NOT_FOUND);
		assertThat(this.gateway.charge(charge("o-10", "key-10")).approved()).as("a late charge under a voided key")
			.isFalse();
		assertThat(this.stub.charges("o-10")).isZero();
	}

}
