package dev.observableorders.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the pages make of Restate's raw answers. */
class OrderFactsReaderTest {

	@Test
	void aLastFailureIsItsMessageWithoutStatusExceptionOrStackTrace() {
		String raw = """
				[500 Internal] gateway unavailable (scripted)
				dev.observableorders.payment.PaymentUnavailableException: gateway unavailable (scripted)
					at dev.observableorders.support.ScriptedPartners$ScriptedPayments.voidCharge(ScriptedPartners.java:131)
					at java.base/java.lang.Thread.run(Thread.java:840)""";

		assertThat(OrderFactsReader.lastFailure(raw)).isEqualTo("gateway unavailable (scripted)");
	}

	@Test
	void aLastFailureWithoutStatusLosesOnlyTheExceptionsName() {
		assertThat(OrderFactsReader.lastFailure("java.io.UncheckedIOException: connection reset"))
			.isEqualTo("connection reset");
		assertThat(OrderFactsReader.lastFailure(null)).isNull();
	}

	@Test
	void aKilledInvocationIsToldApartFromOneThatFailed() {
		// Restate 1.7 records a kill as a failure with code 409 and message "killed"
		assertThat(OrderFactsReader.completion("failure", "[409] killed")).isEqualTo("killed");
		assertThat(OrderFactsReader.completion("failure", "[400] Invalid order: total must be positive"))
			.isEqualTo("failure");
		assertThat(OrderFactsReader.completion("success", null)).isEqualTo("success");
	}

	@Test
	void timestampsAreReadWithOrWithoutAZone() {
		assertThat(OrderFactsReader.instant("2026-12-01T18:33:53.562Z"))
			.isEqualTo(OrderFactsReader.instant("2026-12-01T18:33:53.562"));
		assertThat(OrderFactsReader.instant(0L)).isEqualTo(java.time.Instant.EPOCH);
	}

}
