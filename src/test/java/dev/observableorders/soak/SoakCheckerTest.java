package dev.observableorders.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.observableorders.soak.SoakChecker.Stored;
import dev.observableorders.soak.SoakChecker.Violation;
import dev.observableorders.support.StubPaymentGateway.Charge;
import dev.observableorders.support.StubPaymentGateway.Refund;
import dev.observableorders.support.StubWarehouse.Shipment;
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

	/** What the warehouse's ledger holds when goods and money agree with STORED. */
	private static final List<Shipment> SHIPMENTS = List.of(new Shipment("h-paid", "paid", "shp-1", false),
			new Shipment("h-refunded", "refunded", "shp-2", true));

	@Test
	void goodsThatAgreeWithTheMoneyHaveNoViolation() {
		assertThat(SoakChecker.goods(SHIPMENTS, REFUNDS, STORED)).isEmpty();
	}

	@Test
	void anOrderBothShippedAndRefundedIsReported() {
		List<Shipment> shippedToo = List.of(SHIPMENTS.get(0), new Shipment("h-refunded", "refunded", "shp-2", false));

		assertThat(SoakChecker.goods(shippedToo, REFUNDS, STORED)).extracting(Violation::orderId, Violation::rule)
			.containsExactly(tuple("refunded", "shipped and refunded"),
					tuple("refunded", "shipped, but the stored result gives the money back"));
	}

	@Test
	void aShipmentForAnOrderThatGaveTheMoneyBackOrHasNoResultIsReported() {
		List<Shipment> extra = new ArrayList<>(SHIPMENTS);
		extra.add(new Shipment("h-voided", "voided", "shp-3", false));
		extra.add(new Shipment("h-stranger", "stranger", "shp-4", false));

		assertThat(SoakChecker.goods(extra, REFUNDS, STORED)).extracting(Violation::orderId, Violation::rule)
			.containsExactly(tuple("stranger", "shipped, but the stored result gives the money back"),
					tuple("voided", "shipped, but the stored result gives the money back"));
	}

	@Test
	void aCompletedOrderShippedNeverOrTwiceIsReportedButOneWhoseCancelFailedMayShip() {
		Map<String, Stored> stored = new HashMap<>(STORED);
		stored.put("twice", new Stored("completed", null, null));
		stored.put("cancel-failed", new Stored("fulfillment_failed", null, null, "failed"));
		List<Shipment> shipments = List.of(new Shipment("h-twice-1", "twice", "shp-5", false),
				new Shipment("h-twice-2", "twice", "shp-6", false),
				new Shipment("h-cancel-failed", "cancel-failed", "shp-7", false));

		assertThat(SoakChecker.goods(shipments, REFUNDS, stored)).extracting(Violation::orderId, Violation::rule)
			.containsExactly(tuple("paid", "completed with 0 shipments, not one"),
					tuple("twice", "completed with 2 shipments, not one"));
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

		assertThat(SoakChecker.lastScraped(up, 104.5, 90)).isEqualTo(100);
		assertThat(SoakChecker.lastScraped(up, 100.2, 90)).isEqualTo(100);
		// never scraped before the kill: everything since the stream started
		assertThat(SoakChecker.lastScraped(up, 97.5, 90)).isEqualTo(90);
	}

	@Test
	void whatAKillMayTakeIsEveryResultWrittenSinceTheLastScrapeHoweverFastTheyCame() {
		// a backlog worked off: 30 results written within the second before the kill,
		// three times the stream's rate; one more just after it, still on its way
		List<Double> writes = new java.util.ArrayList<>();
		for (int i = 0; i < 30; i++) {
			writes.add(100.0 + i / 30.0);
		}
		writes.add(101.5);
		writes.add(103.5);

		assertThat(SoakChecker.lostAtKill(writes, 100.0, 101.0, 1))
			.as("29 written after the scrape (the one at its moment was counted before it), 1 appended after the"
					+ " kill, 1 for the replica")
			.isEqualTo(31);
		assertThat(SoakChecker.lostAtKill(writes, 100.0, 101.0, 2)).as("both replicas of the service killed")
			.isEqualTo(32);
	}

	@Test
	void aRestartedReplicaIsCountedFromZeroEvenWhenItsFirstScrapeIsAlreadyHigher() {
		// 16 counted before the kill at 6 s; restarted (new start time), it counted 40 by
		// its first scrape: no drop to see
		List<double[]> samples = List.of(new double[] { 1, 0 }, new double[] { 5, 16 }, new double[] { 30, 40 },
				new double[] { 31, 45 });
		java.util.TreeMap<Double, Double> starts = new java.util.TreeMap<>(
				Map.of(1.0, 1000.0, 5.0, 1000.0, 30.0, 1028.0, 31.0, 1028.0));

		assertThat(SoakChecker.increase(samples, starts)).isEqualTo(16 + 45);
		// a drop-only reset check would say 45
		assertThat(SoakChecker.increase(samples, new java.util.TreeMap<>())).isEqualTo(45);
	}

}
