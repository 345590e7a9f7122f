package dev.observableorders.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.observableorders.payment.VoidOutcome;
import dev.observableorders.restate.WireRequired;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The seed's result JSON, also the stored state of an order. {@code timestamp} is
 * durable: it comes from a journaled step, so every replay and every reader sees the same
 * instant. An order that was charged and could not be fulfilled carries its
 * {@code refund}; one whose charge got no definite answer carries the {@code void} that
 * settled it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderResult(@WireRequired String orderId, @WireRequired OrderStatus status, @WireRequired String message,
		Instant timestamp, Refund refund, @JsonProperty("void") ChargeVoid chargeVoid) {

	OrderResult(String orderId, OrderStatus status, String message, Instant timestamp) {
		this(orderId, status, message, timestamp, null, null);
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

	static OrderResult declined(String orderId, Instant decidedAt) {
		return new OrderResult(orderId, OrderStatus.PAYMENT_DECLINED, "Payment was declined", decidedAt);
	}

	static OrderResult notFound(String orderId) {
		return new OrderResult(orderId, OrderStatus.NOT_FOUND, "Order not found", null);
	}

}
