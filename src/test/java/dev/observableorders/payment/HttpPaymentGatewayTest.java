package dev.observableorders.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.observableorders.support.StubPaymentGateway;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against a real HTTP gateway (the test stub, on loopback). */
class HttpPaymentGatewayTest {

	private final StubPaymentGateway stub = new StubPaymentGateway();

	private final HttpPaymentGateway gateway = new HttpPaymentGateway(
			new PaymentGatewayProperties(this.stub.url(), Duration.ofSeconds(1)));

	@AfterEach
	void stop() {
		this.stub.close();
	}

	@Test
	void approvedChargeCarriesTheGatewaysReferenceAndIsMadeOncePerKey() {
		PaymentDecision first = this.gateway.charge(new PaymentRequest("o-1", "cust-1", 10, "key-1"));
		PaymentDecision again = this.gateway.charge(new PaymentRequest("o-1", "cust-1", 10, "key-1"));

		assertThat(first).isEqualTo(PaymentDecision.approved("ch_key-1")).isEqualTo(again);
		assertThat(this.stub.charges("o-1")).isEqualTo(1);
	}

	@Test
	void declineIsAnAnswer() {
		assertThat(this.gateway.charge(new PaymentRequest("o-2", StubPaymentGateway.DECLINED + "1", 10, "key-2")))
			.isEqualTo(PaymentDecision.declined("insufficient funds"));
	}

	@Test
	void serverErrorsAndTimeoutsAreTransient() {
		this.stub.down(true);
		assertThatThrownBy(() -> this.gateway.charge(new PaymentRequest("o-3", "c", 10, "key-3")))
			.isInstanceOf(PaymentUnavailableException.class)
			.hasMessageContaining("503");

		this.stub.down(false);
		this.stub.latency(Duration.ofSeconds(3));
		assertThatThrownBy(() -> this.gateway.charge(new PaymentRequest("o-3", "c", 10, "key-3")))
			.isInstanceOf(PaymentUnavailableException.class);
	}

	@Test
	void tooManyRequestsIsTransientButOtherClientErrorsAreFinal() {
		this.stub.rejectWith(429);
		assertThatThrownBy(() -> this.gateway.charge(new PaymentRequest("o-4", "c", 10, "key-4")))
			.isInstanceOf(PaymentUnavailableException.class);

		this.stub.rejectWith(401);
		assertThatThrownBy(() -> this.gateway.charge(new PaymentRequest("o-4", "c", 10, "key-4")))
			.isInstanceOf(PaymentRejectedException.class)
			.hasMessageContaining("401");
	}

	@Test
	void unreachableGatewayIsTransient() {
		HttpPaymentGateway nowhere = new HttpPaymentGateway(
				new PaymentGatewayProperties(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1)));

		assertThatThrownBy(() -> nowhere.charge(new PaymentRequest("o-5", "c", 10, "key-5")))
			.isInstanceOf(PaymentUnavailableException.class);
	}

	@Test
	void refundIsMadeOncePerKey() {
		assertThat(this.gateway.refund(new RefundRequest("o-6", "ch_x", 10, "refund-x"))).isEqualTo("re_refund-x");
		assertThat(this.gateway.refund(new RefundRequest("o-6", "ch_x", 10, "refund-x"))).isEqualTo("re_refund-x");
	}

}
