package dev.observableorders.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.observableorders.fulfillment.CancelOutcome;
import dev.observableorders.payment.VoidOutcome;
import dev.observableorders.restate.serde.WireRequired;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The seed's result JSON, also the stored state of an order. {@code timestamp} is
 * durable: it comes from a journaled step, so every replay and every reader sees the same
 * instant. An order that was charged and could not be fulfilled carries its
 * {@code refund}; one whose charge got no definite answer carries the {@code void} that
 * settled it, and one whose hand-over got no definite answer the {@code cancel}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderResult(@WireRequired String orderId, @WireRequired OrderStatus status, @WireRequired String message,
		Instant timestamp, Refund refund, @JsonProperty("void") ChargeVoid chargeVoid, ShipmentCancel cancel) {

	OrderResult(String orderId, OrderStatus status, String message, Instant timestamp) {
		this(orderId, status, message, timestamp, null, null, null);
	}

	/**
	 * A charge given back because the order could not be fulfilled.
	 *
	 * @param status {@code refunded}, or {@code failed} when the gateway refused the
	 * refund for good (or an operator cancelled it): the money has not gone back
	 * @param amount in dollars, exact to the cent
	 * @param reason why a refund failed: the gateway's status code, never its text
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Refund(@WireRequired String status, String reference, @WireRequired BigDecimal amount,
			@WireRequired Instant refundedAt, String reason) {

		static final String REFUNDED = "refunded";

		static final String FAILED = "failed";

		static Refund refunded(String reference, BigDecimal amount, Instant at) {
			return new Refund(REFUNDED, reference, amount, at, null);
		}

		static Refund failed(BigDecimal amount, Instant at, String reason) {
			return new Refund(FAILED, null, amount, at, reason);
		}

		boolean failed() {
			return FAILED.equals(this.status);
		}

	}

	/**
	 * How a charge without a definite answer was settled.
	 *
	 * @param status {@code voided} (a charge existed and no longer stands),
	 * {@code not_found} (no charge was made), or {@code failed} (the gateway refused the
	 * void for good, or an operator cancelled it: a charge may stand)
	 * @param reason why a void failed: the gateway's status code, never its text
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ChargeVoid(@WireRequired String status, @WireRequired Instant decidedAt, String reason) {

		static final String VOIDED = "voided";

		static final String NOT_FOUND = "not_found";

		static final String FAILED = "failed";

		static ChargeVoid of(VoidOutcome outcome, Instant at) {
			return new ChargeVoid((outcome == VoidOutcome.VOIDED) ? VOIDED : NOT_FOUND, at, null);
		}

		static ChargeVoid failed(Instant at, String reason) {
			return new ChargeVoid(FAILED, at, reason);
		}

		boolean failed() {
			return FAILED.equals(this.status);
		}

	}

	/**
	 * How a hand-over without a definite answer was settled with the warehouse.
	 *
	 * @param status {@code cancelled} (a shipment existed and will not ship),
	 * {@code not_found} (nothing was shipped), {@code shipped} (the goods had left: the
	 * order completed with {@code fulfillmentId}), or {@code failed} (the warehouse
	 * refused the cancel for good, or an operator cancelled it: the goods may ship, so
	 * the payment is kept until a person settles it)
	 * @param reason why a cancel failed: the warehouse's status code, never its text
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ShipmentCancel(@WireRequired String status, @WireRequired Instant decidedAt, String fulfillmentId,
			String reason) {

		static final String CANCELLED = "cancelled";

		static final String NOT_FOUND = "not_found";

		static final String SHIPPED = "shipped";

		static final String FAILED = "failed";

		static final List<String> RESULTS = List.of(CANCELLED, NOT_FOUND, SHIPPED, FAILED);

		static ShipmentCancel of(CancelOutcome outcome, Instant at) {
			return switch (outcome.status()) {
				case CANCELLED -> new ShipmentCancel(CANCELLED, at, null, null);
				case NOT_FOUND -> new ShipmentCancel(NOT_FOUND, at, null, null);
				case SHIPPED -> new ShipmentCancel(SHIPPED, at, outcome.fulfillmentId(), null);
			};
		}

		static ShipmentCancel failed(Instant at, String reason) {
			return new ShipmentCancel(FAILED, at, null, reason);
		}

	}

	static OrderResult declined(String orderId, Instant decidedAt) {
		return new OrderResult(orderId, OrderStatus.PAYMENT_DECLINED, "Payment was declined", decidedAt);
	}

	static OrderResult notFound(String orderId) {
		return new OrderResult(orderId, OrderStatus.NOT_FOUND, "Order not found", null);
	}

}
