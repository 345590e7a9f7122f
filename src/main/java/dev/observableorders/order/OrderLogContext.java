package dev.observableorders.order;

import dev.restate.common.function.ThrowingSupplier;
import org.slf4j.MDC;

/**
 * Puts {@code orderId} and {@code customerId} on every log line of an order, including
 * lines written inside durable steps, which the SDK runs on other threads than the
 * handler.
 */
final class OrderLogContext implements AutoCloseable {

	static final String ORDER_ID = "orderId";

	static final String CUSTOMER_ID = "customerId";

	private final String orderId;

	private final String customerId;

	private OrderLogContext(String orderId, String customerId) {
		this.orderId = orderId;
		this.customerId = customerId;
		put();
	}

	static OrderLogContext open(String orderId, String customerId) {
		return new OrderLogContext(orderId, customerId);
	}

	/** Wraps a durable step so that its lines carry this order's context too. */
	<T> ThrowingSupplier<T> around(ThrowingSupplier<T> step) {
		return () -> {
			put();
			try {
				return step.get();
			}
			finally {
				remove();
			}
		};
	}

	private void put() {
		MDC.put(ORDER_ID, this.orderId);
		if (this.customerId != null) {
			MDC.put(CUSTOMER_ID, this.customerId);
		}
	}

	private static void remove() {
		MDC.remove(ORDER_ID);
		MDC.remove(CUSTOMER_ID);
	}

	@Override
	public void close() {
		remove();
	}

}
