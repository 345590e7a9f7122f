package dev.observableorders.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.observableorders.soak.SoakChecker.Stored;
import dev.observableorders.soak.SoakChecker.Violation;
import dev.observableorders.support.StubPaymentGateway.Charge;
import dev.observableorders.support.StubPaymentGateway.Refund;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoakCheckerTest {

	private static final Map<String, BigDecimal> TOTALS = Map.of("paid", new BigDecimal("99.99"), "refunded",
			new BigDecimal("45.00"), "voided", new BigDecimal("10.50"), "refund-refused", new BigDecimal("0.30"),
			"declined", new BigDecimal("5.00"));

	private static final Map<String, Stored> STORED = Map.of("paid", new Stored("completed", null, null), "refunded",
			new Stored("fulfillment_failed", "refunded", null), "voided", new Stored("payment_failed", null, "voided"),
			"refund-refused", new Stored("fulfillment_failed", "failed", null), "declined",
			new Stored("payment_declined", null, null));

	private static final List<Charge> LEDGER = List.of(new Charge("k-paid", "paid", 9999, "ch-1", false, false),
			new Charge("k-refunded", "refunded", 4500, "ch-2", false, true),
			new Charge("k-voided", "voided", 1050, "ch-3", true, false),
			new Charge("k-refund-refused", "refund-refused", 30, "ch-4", false, false));

	private static final List<Refund> REFUNDS = List.of(new Refund("r-refunded", "refunded", "ch-2", 4500));

	@Test
	void booksThatBalanceToTheCentHaveNoViolation() {
		assertThat(SoakChecker.money(LEDGER, REFUNDS, TOTALS, STORED)).isEmpty();
	}

	@Test
	void aSecondChargeForOneOrderIsReportedWithBothCharges() {
		List<Charge> doubled = new ArrayList<>(LEDGER);
		doubled.add(new Charge("k-paid-again", "paid", 9999, "ch-5", false, false));

		List<Violation> violations = SoakChecker.money(doubled, REFUNDS, TOTALS, STORED);

		assertThat(violations).extracting(Violation::orderId, Violation::rule)
			.contains(tuple("paid", "charged more than once"));
		assertThat(violations.get(0).records()).contains("ch-1").contains("ch-5");
	}

	@Test
	void aChargeWithoutAStoredFinalResultIsReported() {
		Map<String, Stored> missing = new HashMap<>(STORED);
		missing.remove("paid");

		assertThat(SoakChecker.money(LEDGER, REFUNDS, TOTALS, missing)).extracting(Violation::orderId, Violation::rule)
			.containsExactly(tuple("paid", "charged without a stored final result"));
	}

	@Test
	void moneyHeldForAnOrderWhoseResultGaveItBackIsReportedToTheCent() {
		// the refund was recorded as made, but the gateway never made it
		List<Violation> violations = SoakChecker.money(LEDGER, List.of(), TOTALS, STORED);

		assertThat(violations).singleElement()
			.satisfies((violation) -> assertThat(violation.orderId()).isEqualTo("refunded"))
			.satisfies((violation) -> assertThat(violation.rule())
				.isEqualTo("the gateway holds 4500 cents, the result says 0"));
	}

	@Test
	void theLastAnswerACallerGotMustBeWhatIsStored() {
		Map<String, String> lastAnswers = Map.of("paid", "completed", "declined", "completed", "ghost", "completed");

		assertThat(SoakChecker.answers(lastAnswers, STORED)).extracting(Violation::orderId, Violation::rule)
			.containsExactly(tuple("declined", "GetStatus differs from the last answer"),
					tuple("ghost", "answered but nothing stored"));
	}

	@Test
	void anAcceptedOrderWithoutAFinalStoredStatusIsReported() {
		Map<String, Stored> stored = Map.of("paid", new Stored("completed", null, null), "lost",
				new Stored("not_found", null, null), "retyped", new Stored("validation_failed", null, null));

		assertThat(SoakChecker.stored(List.of("paid", "lost", "retyped", "never-read"), stored))
			.extracting(Violation::orderId)
			.containsExactly("lost", "never-read", "retyped");
	}

	@Test
	void aCallerStillWaitingAfterTheDrainIsReported() {
		assertThat(SoakChecker.unanswered(Map.of("order-9 call 12", "7 attempts"))).singleElement()
			.isEqualTo(new Violation("order-9 call 12", "never answered, however often asked", "7 attempts"));
	}

	@Test
	void everyInvocationLeftAfterTheDrainIsReported() {
		assertThat(SoakChecker.unfinished(List.of(new SoakChecker.Invocation("inv_1", "order-7", "(backing-off)"))))
			.singleElement()
			.isEqualTo(new Violation("order-7", "unfinished after the drain", "invocation inv_1 (backing-off)"));
	}

	@Test
	void aCountOffByMoreThanTheToleranceIsReportedAndOneWithinItIsNot() {
		Map<String, Long> counted = Map.of("completed", 100L, "payment_declined", 10L);

		assertThat(SoakChecker.counts("orders_total", counted, Map.of("completed", 98.0, "payment_declined", 10.0), 2))
			.isEmpty();
		// counted on replay: the same outcome twice
		assertThat(SoakChecker.counts("orders_total", counted,
				Map.of("completed", 200.0, "payment_declined", 10.0, "payment_failed", 1.0), 2))
			.extracting(Violation::rule)
			.containsExactly("orders_total{status=\"completed\"} is off by more than 2");
	}

	@Test
	void aKilledReplicaMayLoseWhatItCountedSinceItsLastSuccessfulScrape() {
		// scraped every second until 100, then its scrapes failed (up 0) until the kill
		// at 104.5
		List<double[]> up = List.of(new double[] { 98, 1 }, new double[] { 99, 1 }, new double[] { 100, 1 },
				new double[] { 101, 0 }, new double[] { 102, 0 }, new double[] { 103, 0 }, new double[] { 104, 0 },
				new double[] { 106, 1 });

		assertThat(SoakChecker.lostAtKill(up, 104.5, 90, 10)).isEqualTo(45);
		// scraped a fraction of a second before the kill: still a second's worth
		assertThat(SoakChecker.lostAtKill(up, 100.2, 90, 10)).isEqualTo(10);
		// never scraped before the kill: everything since the stream started
		assertThat(SoakChecker.lostAtKill(up, 97.5, 90, 10)).isEqualTo(75);
	}

}
