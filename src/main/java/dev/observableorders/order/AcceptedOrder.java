package dev.observableorders.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The order as accepted for charging (state key {@code order}), stored before the charge:
 * a resubmission must match it, and its idempotency keys come from it.
 *
 * <p>
 * Orders accepted before this record existed were stored as the wire's {@link Order},
 * with its {@code status} and {@code createdAt}: those are ignored, and their missing
 * {@code keyPrefix} means the unprefixed keys they were charged under.
 *
 * @param total exact to the cent
 * @param keyPrefix {@code orders.idempotency-key-prefix} when the order was accepted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AcceptedOrder(String id, String customerId, List<String> items, BigDecimal total, String keyPrefix) {

	/**
	 * A valid order as it is charged and stored: the id from the URL, the total to the
	 * cent.
	 */
	static AcceptedOrder of(String orderId, Order order, String keyPrefix) {
		return new AcceptedOrder(orderId, order.customerId(), List.copyOf(order.items()), order.total().setScale(2),
				keyPrefix.isEmpty() ? null : keyPrefix);
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

	IdempotencyKeys keys() {
		return IdempotencyKeys.of(this.keyPrefix, this.id);
	}

}
