package dev.observableorders.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The seed's result JSON, also the stored state of an order. {@code timestamp} is
 * durable: it comes from a journaled step, so every replay and every reader sees the same
 * instant.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderResult(String orderId, OrderStatus status, String message, Instant timestamp, Refund refund) {

	OrderResult(String orderId, OrderStatus status, String message, Instant timestamp) {
		this(orderId, status, message, timestamp, null);
	}

	/** A charge given back because the order could not be fulfilled. */
	public record Refund(String reference, double amount, Instant refundedAt) {

	}

	static OrderResult notFound(String orderId) {
		return new OrderResult(orderId, OrderStatus.NOT_FOUND, "Order not found", null);
	}

}
