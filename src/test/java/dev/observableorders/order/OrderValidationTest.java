package dev.observableorders.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderValidationTest {

	private final OrderValidation validation = new OrderValidation(
			new OrderProperties(3, new BigDecimal("500"), new OrderProperties.StepRetry(3, null, null),
					new OrderProperties.StepRetry(3, null, null), null, null, null, ""));

	private static Order order(String total) {
		return new Order(null, "c", List.of("a"), (total != null) ? new BigDecimal(total) : null, null, null);
	}

	@Test
	void seedOrderIsValid() {
		assertThat(this.validation.problems("order-001",
				new Order("order-001", "cust-123", List.of("item1", "item2"), new BigDecimal("99.99"), null, null)))
			.isEmpty();
	}

	@Test
	void bodyIdMayBeLeftOut() {
		assertThat(this.validation.problems("order-1", order("1.0"))).isEmpty();
	}

	@Test
	void bodyIdThatDiffersIsNamedWithoutEchoingIt() {
		assertThat(this.validation.problems("order-1",
				new Order("<script>", "c", List.of("a"), BigDecimal.ONE, null, null)))
			.singleElement()
			.asString()
			.contains("differs from the order id 'order-1'")
			.doesNotContain("<script>");
	}

	@Test
	void missingBodyAsksForAnOrderObject() {
		assertThat(this.validation.problems("order-1", null)).singleElement()
			.asString()
			.startsWith("the request body must be an order object");
	}

	@Test
	void totalsMustBePositive() {
		assertThat(this.validation.problems("o", order("0"))).containsExactly("total must be a positive amount");
		assertThat(this.validation.problems("o", order("-0.01"))).containsExactly("total must be a positive amount");
		assertThat(this.validation.problems("o", order(null))).containsExactly("total is required");
	}

	@Test
	void totalsAreWholeCents() {
		assertThat(this.validation.problems("o", order("0.30"))).isEmpty();
		assertThat(this.validation.problems("o", order("10.10"))).isEmpty();
		assertThat(this.validation.problems("o", order("10.000"))).as("trailing zeros are still whole cents").isEmpty();
		assertThat(this.validation.problems("o", order("1E+2"))).isEmpty();
		assertThat(this.validation.problems("o", order("10.001")))
			.containsExactly("total must have at most 2 decimal places (whole cents)");
	}

	@Test
	void acceptedOrderCarriesTheTotalToTheCent() {
		assertThat(AcceptedOrder.of("o", order("0.3"), "").total()).isEqualByComparingTo("0.30").hasToString("0.30");
		assertThat(AcceptedOrder.of("o", order("1E+2"), "").total()).hasToString("100.00");
	}

	@Test
	void limitsComeFromConfiguration() {
		assertThat(this.validation.problems("o",
				new Order(null, "c", List.of("a", "b", "c", "d"), new BigDecimal("500.01"), null, null)))
			.containsExactly("order has 4 items; at most 3 are accepted per order", "total exceeds the maximum of 500");
	}

	@Test
	void nullItemIsAnEmptyEntry() {
		assertThat(this.validation.problems("o",
				new Order(null, "c", Arrays.asList("a", null), BigDecimal.ONE, null, null)))
			.containsExactly("items must not contain empty entries");
	}

	@Test
	void itemTextThatReadsOtherThanItIsIsRefusedNamingTheItemAndTheCodePoint() {
		assertThat(OrderValidation.itemProblem("Café crème 😀 № 5 — 日本")).as("letters, symbols, paired surrogates")
			.isNull();
		assertThat(OrderValidation.itemProblem("x".repeat(256))).isNull();
		assertThat(OrderValidation.itemProblem("x".repeat(257))).isEqualTo("is longer than 256 characters");
		assertThat(OrderValidation.itemProblem("a\tb")).isEqualTo("holds a control character (U+0009)");
		assertThat(OrderValidation.itemProblem("a\u0085b")).isEqualTo("holds a control character (U+0085)");
		for (String bidi : List.of("\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068",
				"\u2069")) {
			assertThat(OrderValidation.itemProblem("pay" + bidi + "txt.exe")).as(bidi)
				.startsWith("holds a bidirectional control character (U+20");
		}
		for (String invisible : List.of("\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD")) {
			assertThat(OrderValidation.itemProblem("a" + invisible + "b")).as(invisible)
				.startsWith("holds an invisible formatting character");
		}
		assertThat(OrderValidation.itemProblem("a\uD800")).isEqualTo("holds an unpaired surrogate (U+D800)");
		assertThat(OrderValidation.itemProblem("\uDC00a")).isEqualTo("holds an unpaired surrogate (U+DC00)");
		assertThat(this.validation.problems("o",
				new Order(null, "c", List.of("fine", "ev\u202Eil"), BigDecimal.ONE, null, null)))
			.containsExactly("item 2 holds a bidirectional control character (U+202E)");
	}

	@Test
	void orderIdsArePlainIdentifiers() {
		assertThat(OrderValidation.idProblem("order-001")).isNull();
		assertThat(OrderValidation.idProblem("a.b_c:d@e-1")).isNull();
		assertThat(OrderValidation.idProblem("x".repeat(128))).isNull();
		assertThat(OrderValidation.idProblem("x".repeat(129))).isNotNull();
		assertThat(OrderValidation.idProblem("order 1")).isNotNull();
		assertThat(OrderValidation.idProblem("order/1")).isNotNull();
		assertThat(OrderValidation.idProblem("order\n1")).isNotNull();
		assertThat(OrderValidation.idProblem(""))
			.isEqualTo("the order id in the URL must be 1 to 128 letters, digits or . _ : @ -");
	}

	@Test
	void onlyPlainIdentifiersEnterTheLogContext() {
		assertThat(OrderValidation.plainOrNull("cust-123")).isEqualTo("cust-123");
		assertThat(OrderValidation.plainOrNull("c\n{\"level\":\"ERROR\"}")).isNull();
		assertThat(OrderValidation.plainOrNull("x".repeat(10_000))).isNull();
		assertThat(OrderValidation.plainOrNull(null)).isNull();
	}

	@Test
	void resubmissionDiffersInTheFieldsThatChangeTheCharge() {
		AcceptedOrder accepted = AcceptedOrder.of("o",
				new Order(null, "c", List.of("a"), new BigDecimal("5"), null, null), "");

		assertThat(accepted.changedIn(new Order("o", "c", List.of("a"), new BigDecimal("5.0"), "completed", null)))
			.as("the same order, written differently")
			.isEmpty();
		assertThat(accepted.changedIn(new Order(null, "d", List.of("a", "b"), new BigDecimal("5.01"), null, null)))
			.containsExactly("customerId", "items", "total");
		assertThat(accepted.changedIn(null)).containsExactly("customerId", "items", "total");
	}

	@Test
	void theListsThatLogLinesCarryCannotChangeBeforeTheLineIsWritten() {
		// the batching appender encodes a line later, on its writer thread
		AcceptedOrder accepted = AcceptedOrder.of("o",
				new Order(null, "c", List.of("a"), new BigDecimal("5"), null, null), "");

		assertThat(this.validation.problems("o", order("0"))).isUnmodifiable();
		assertThat(this.validation.problems("o", null)).isUnmodifiable();
		assertThat(accepted.changedIn(null)).isUnmodifiable();
	}

	@Test
	void idempotencyKeysAreDerivedFromTheOrderIdOneForEachEffect() {
		IdempotencyKeys keys = AcceptedOrder.of("order-001", order("5"), "").keys();

		assertThat(keys).isEqualTo(AcceptedOrder.of("order-001", order("5"), "").keys());
		assertThat(List.of(keys.charge(), keys.refund(), keys.voiding(), keys.fulfillment(), keys.cancel()))
			.containsExactly("order:order-001:charge", "order:order-001:refund", "order:order-001:void",
					"order:order-001:fulfillment", "order:order-001:cancel");
	}

	@Test
	void theKeyPrefixIsStoredWithTheOrderSoItsKeysNeverChangeInFlight() {
		AcceptedOrder accepted = AcceptedOrder.of("order-001", order("5"), "prod-eu:");

		assertThat(accepted.keyPrefix()).isEqualTo("prod-eu:");
		assertThat(accepted.keys().charge()).isEqualTo("prod-eu:order:order-001:charge");
		assertThat(accepted.keys().cancel()).isEqualTo("prod-eu:order:order-001:cancel");
		assertThat(new AcceptedOrder("order-001", "c", List.of("a"), new BigDecimal("5.00"), null).keys().charge())
			.as("an order accepted before prefixes existed keeps the key it was charged under")
			.isEqualTo("order:order-001:charge");
	}

	@Test
	void aPrefixThatCannotTravelInAHeaderOrPathIsRefusedAtStart() {
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> new OrderProperties(3, BigDecimal.ONE, null, null, null, null, null, "prod eu/"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("orders.idempotency-key-prefix must be");
	}

}
