package dev.observableorders.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimulatedPaymentGatewayTest {

	private static PaymentRequest request(String key) {
		return new PaymentRequest("o", "c", BigDecimal.TEN, key);
	}

	@Test
	void sameIdempotencyKeyAlwaysMeetsTheSameAnswer() {
		SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(
				new SimulatedPaymentProperties(0.5, 0, Duration.ZERO));

		IntStream.range(0, 200).mapToObj((i) -> UUID.randomUUID().toString()).forEach((key) -> {
			assertThat(gateway.charge(request(key))).isEqualTo(gateway.charge(request(key)));
		});
	}

	@Test
	void declinesAndErrorsFollowTheConfiguredRates() {
		SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(
				new SimulatedPaymentProperties(0.1, 0.2, Duration.ZERO));
		int declined = 0;
		int errors = 0;
		int orders = 20_000;
		for (int i = 0; i < orders; i++) {
			try {
				if (!gateway.charge(request(UUID.randomUUID().toString())).approved()) {
					declined++;
				}
			}
			catch (PaymentUnavailableException ex) {
				errors++;
			}
		}

		assertThat(declined / (double) orders).isBetween(0.09, 0.11);
		assertThat(errors / (double) orders).isBetween(0.19, 0.21);
	}

	@Test
	void theSeedsDefaultApprovesNineInTen() {
		SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(
				new SimulatedPaymentProperties(0.1, 0, Duration.ZERO));

		long approved = IntStream.range(0, 20_000)
			.filter((i) -> gateway.charge(request(UUID.randomUUID().toString())).approved())
			.count();

		assertThat(approved / 20_000.0).isBetween(0.89, 0.91);
	}

	@Test
	void errorIsTransient() {
		SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(
				new SimulatedPaymentProperties(0, 1, Duration.ZERO));

		assertThat(catchThrowable(() -> gateway.charge(request("k")))).isInstanceOf(PaymentUnavailableException.class);
	}

	@Test
	void ratesBeyondOneAreRejectedWithTheSettingsNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SimulatedPaymentProperties(0.7, 0.4, Duration.ZERO))
			.withMessageContaining("payment.simulation.decline-rate and error-rate");
	}

}
