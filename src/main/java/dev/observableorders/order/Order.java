package dev.observableorders.order;

import dev.observableorders.restate.WireRequired;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The seed's order JSON. {@code total} is read as the decimal the caller wrote (never a
 * binary float), so {@code 0.30} is thirty cents. {@code status} and {@code createdAt}
 * are accepted because the seed's clients may send them, but the service decides both
 * itself.
 */
public record Order(String id, @WireRequired String customerId, @WireRequired List<String> items,
		@WireRequired BigDecimal total, String status, Instant createdAt) {

	/**
	 * The order as it is charged and stored: the id from the URL, the total to the cent,
	 * and nothing the service decides itself. Only for a valid order.
	 */
	Order accepted(String orderId) {
		return new Order(orderId, this.customerId, List.copyOf(this.items), this.total.setScale(2), null, null);
	}

	/**
	 * @return the fields a resubmission changes compared with this accepted order, empty
	 * when it is the same order; unmodifiable, since a log line encoded later on the
	 * appender's writer thread carries the list
	 */
	List<String> changedIn(Order resubmitted) {
		List<String> changed = new ArrayList<>();
		if (resubmitted == null || !Objects.equals(this.customerId, resubmitted.customerId())) {
			changed.add("customerId");
		}
		if (resubmitted == null || !Objects.equals(this.items, resubmitted.items())) {
			changed.add("items");
		}
		if (resubmitted == null || resubmitted.total() == null || this.total.compareTo(resubmitted.total()) != 0) {
			changed.add("total");
		}
		return List.copyOf(changed);
	}

}
