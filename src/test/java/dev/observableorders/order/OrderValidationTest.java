package dev.observableorders.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OrderValidationTest {

	private final OrderValidation validation = new OrderValidation(new OrderProperties(3, 500,
			new OrderProperties.StepRetry(3, null, null), new OrderProperties.StepRetry(3, null, null), null, null));

	@Test
	void seedOrderIsValid() {
		assertThat(this.validation.problems("order-001",
				new Order("order-001", "cust-123", List.of("item1", "item2"), 99.99, null, null)))
			.isEmpty();
	}

	@Test
	void bodyIdMayBeLeftOut() {
		assertThat(this.validation.problems("order-1", new Order(null, "c", List.of("a"), 1.0, null, null))).isEmpty();
	}

	@Test
	void missingBodyAsksForAnOrderObject() {
		assertThat(this.validation.problems("order-1", null)).singleElement()
			.asString()
			.startsWith("the request body must be an order object");
	}

	@Test
	void notANumberTotalIsNotPositive() {
		assertThat(this.validation.problems("o", new Order(null, "c", List.of("a"), Double.NaN, null, null)))
			.containsExactly("total must be a positive number, got NaN");
	}

	@Test
	void limitsComeFromConfiguration() {
		assertThat(this.validation.problems("o", new Order(null, "c", List.of("a", "b", "c", "d"), 501.0, null, null)))
			.containsExactly("order has 4 items; at most 3 are accepted per order",
					"total 501.0 exceeds the maximum of 500.0");
	}

	@Test
	void nullItemIsAnEmptyEntry() {
		assertThat(this.validation.problems("o",
				new Order(null, "c", java.util.Arrays.asList("a", null), 1.0, null, null)))
			.containsExactly("items must not contain empty entries");
	}

}
