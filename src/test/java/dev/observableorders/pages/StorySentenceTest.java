package dev.observableorders.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.observableorders.order.OrderResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sentence at the top of an order's page, from its facts alone. */
class StorySentenceTest {

	private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

	private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

	@Test
	void completedOrderSaysHowLongAndWhichStepsHadToBeRetriedAndWhy() throws Exception {
		OrderFacts facts = facts(result("completed", null),
				completed("inv_1", 420, List.of(new OrderFacts.Failure(T0, "fulfillment", "warehouse unavailable"))));

		assertThat(StorySentence.of(facts)).isEqualTo(
				"Completed in 0.42 s: paid on the first attempt, handed to the warehouse after retrying (warehouse unavailable).");
	}

	@Test
	void orderStuckBehindAFailingGatewaySaysWhereHowOftenAndWhatToRead() {
		OrderFacts.Invocation stuck = new OrderFacts.Invocation("inv_1", "backing-off", null, T0, T0.plusSeconds(1000),
				null, 23, "gateway answered 503", "500", "payment", T0.plusSeconds(17 * 60 + 8), null, List.of(),
				List.of());
		OrderFacts facts = new OrderFacts("o-1", "cust-1", null, List.of(stuck), T0.plusSeconds(17 * 60));

		assertThat(StorySentence.of(facts)).isEqualTo(
				"Stuck for 17 min: the payment step has failed 23 times (gateway answered 503), next retry in 8.00 s."
						+ " See runbook OrdersStuckInRetry.");
	}

	@Test
	void orderWhoseReplayNoLongerMatchesItsJournalSaysWhyRetryingWillNotHelpAndWhatToRead() {
		OrderFacts.Invocation stuck = new OrderFacts.Invocation("inv_1", "backing-off", null, T0, T0.plusSeconds(100),
				null, 6, "Found a mismatch between the code paths taken", "RT0016", "risk-check", T0.plusSeconds(130),
				null, List.of(), List.of());
		OrderFacts facts = new OrderFacts("o-1", "cust-1", null, List.of(stuck), T0.plusSeconds(120));

		assertThat(StorySentence.of(facts)).isEqualTo("Stuck for 2 min: its journal no longer matches the code at"
				+ " its deployment (Restate's RT0016, failed 6 times). A version with other steps replaced the one it"
				+ " started on at the same address; it finishes only once that version serves it again. See runbook"
				+ " OrderJournalMismatch.");
	}

	@Test
	void refundedAndUnrefundedOrdersSayWhatHappenedToTheMoney() throws Exception {
		String refunded = StorySentence.of(facts(result("fulfillment_failed",
				"\"refund\":{\"status\":\"refunded\",\"amount\":25.50,\"refundedAt\":\"2026-12-01T10:00:01Z\"}"),
				completed("inv_1", 1500, List.of())));
		String unrefunded = StorySentence.of(facts(result("fulfillment_failed",
				"\"refund\":{\"status\":\"failed\",\"amount\":25.50,\"refundedAt\":\"2026-12-01T10:00:01Z\",\"reason\":\"refused\"}"),
				completed("inv_1", 1500, List.of())));

		assertThat(refunded).isEqualTo("Failed in 1.50 s: paid, but the warehouse did not take it on the first attempt;"
				+ " the payment of 25.50 was refunded.");
		assertThat(unrefunded).contains("the refund of 25.50 failed").endsWith("See runbook OrderRefundFailed.");
	}

	@Test
	void aHandOverSettledByACancelSaysWhetherTheGoodsLeftOrWhoMustSettleIt() throws Exception {
		String shipped = StorySentence
			.of(facts(result("completed", "\"cancel\":{\"status\":\"shipped\",\"decidedAt\":\"2026-12-01T10:00:01Z\","
					+ "\"fulfillmentId\":\"shp_1\"}"), completed("inv_1", 1500, List.of())));
		String cancelFailed = StorySentence.of(facts(result("fulfillment_failed",
				"\"cancel\":{\"status\":\"failed\",\"decidedAt\":\"2026-12-01T10:00:01Z\",\"reason\":\"refused\"}"),
				completed("inv_1", 1500, List.of())));

		assertThat(shipped).endsWith("; it never answered, and had shipped when the hand-over was cancelled.");
		assertThat(cancelFailed)
			.contains("cancelling the hand-over failed, so the goods may ship and the payment is kept")
			.endsWith("See runbook FulfillmentCancelFailed.");
	}

	@Test
	void unknownAndKilledOrdersAreToldApart() {
		OrderFacts.Invocation killed = new OrderFacts.Invocation("inv_1", "completed", "killed", T0, T0.plusSeconds(5),
				T0.plusSeconds(5), 0, null, null, null, null, null, List.of(), List.of());

		assertThat(StorySentence.of(new OrderFacts("o-1", null, null, List.of(), T0)))
			.startsWith("Restate knows no order with this id");
		assertThat(StorySentence.of(new OrderFacts("o-1", null, null, List.of(killed), T0.plusSeconds(65))))
			.as("killed before it was accepted: nothing can have been charged")
			.isEqualTo("Killed by an operator 60 s ago; nothing was stored. Resubmit it unchanged to process it.");
	}

	@Test
	void anOrderKilledAfterItWasAcceptedForChargingSaysTheMoneyMayBeHeldAndWhatToDo() {
		OrderFacts.Invocation killed = new OrderFacts.Invocation("inv_1", "completed", "killed", T0, T0.plusSeconds(5),
				T0.plusSeconds(5), 0, null, null, null, null, null, List.of(), List.of());

		assertThat(StorySentence.of(new OrderFacts("o-1", "cust-1", null, List.of(killed), T0.plusSeconds(65))))
			.isEqualTo("Charged without a result: its call ended, killed by an operator 60 s ago, after it was"
					+ " accepted for charging, and the payment gateway may hold its money. Resubmit it unchanged to"
					+ " finish it (it is charged once, under its key), or void its charge. See runbook OrderOrphaned.");
	}

	private static OrderFacts facts(OrderResult result, OrderFacts.Invocation invocation) {
		return new OrderFacts("o-1", "cust-1", result, List.of(invocation), T0.plusSeconds(60));
	}

	private static OrderFacts.Invocation completed(String id, long millis, List<OrderFacts.Failure> failures) {
		return new OrderFacts.Invocation(id, "completed", "success", T0, T0.plusMillis(millis), T0.plusMillis(millis),
				0, null, null, null, null, null, List.of(new OrderFacts.Entry(3, "Command: Run", "payment", T0),
						new OrderFacts.Entry(5, "Command: Run", "fulfillment", T0)),
				failures);
	}

	private static OrderResult result(String status, String extra) throws Exception {
		return JSON.readValue("{\"orderId\":\"o-1\",\"status\":\"" + status
				+ "\",\"message\":\"m\",\"timestamp\":\"2026-12-01T10:00:01Z\"" + ((extra != null) ? "," + extra : "")
				+ "}", OrderResult.class);
	}

}
