package dev.observableorders.order;

import dev.observableorders.fulfillment.CancelRequest;
import dev.observableorders.fulfillment.Fulfillment;
import dev.observableorders.fulfillment.FulfillmentDecision;
import dev.observableorders.fulfillment.FulfillmentRequest;
import dev.observableorders.payment.PaymentDecision;
import dev.observableorders.payment.PaymentGateway;
import dev.observableorders.payment.PaymentRequest;
import dev.observableorders.payment.RefundRequest;
import dev.observableorders.payment.VoidOutcome;
import dev.observableorders.payment.VoidRequest;
import dev.observableorders.restate.observation.AttemptDescriber;
import dev.observableorders.restate.steps.DurableSteps;
import dev.observableorders.restate.observation.HandlerAttempt;
import dev.observableorders.restate.serde.JsonSerdeFactory;
import dev.restate.sdk.ObjectContext;
import dev.restate.sdk.SharedObjectContext;
import dev.restate.sdk.annotation.CustomSerdeFactory;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Name;
import dev.restate.sdk.annotation.Raw;
import dev.restate.sdk.annotation.Shared;
import dev.restate.sdk.common.RetryPolicy;
import dev.restate.sdk.common.TerminalException;
import dev.restate.sdk.springboot.RestateVirtualObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code OrderService}: a Restate virtual object keyed by order id. Restate
 * runs one {@code ProcessOrder} per order at a time and journals every step; the order's
 * idempotency keys are derived from its id ({@link IdempotencyKeys}), so an order is
 * charged once however often it is submitted, retried, replayed, killed or cancelled.
 *
 * <p>
 * Money rules: once the charge may have happened, every path ends in a stored result. A
 * charge without a definite answer is voided; a charged order that cannot be fulfilled is
 * refunded; a refund or void the gateway refuses for good is recorded in the result,
 * never thrown. Goods follow the same rules: a hand-over without a definite answer is
 * cancelled before the order is refunded, and one the warehouse had already shipped
 * completes the order instead.
 */
@RestateVirtualObject(configuration = OrderServiceOptions.BEAN_NAME)
@Name(OrderRecords.SERVICE)
@CustomSerdeFactory(JsonSerdeFactory.class)
public class OrderService implements AttemptDescriber {

	private static final Logger log = LoggerFactory.getLogger(OrderService.class);

	/** Log fields on every line of an order's handlers and steps. */
	static final String ORDER_ID = "orderId";

	static final String CUSTOMER_ID = "customerId";

	private final PaymentGateway payments;

	private final Fulfillment fulfillment;

	private final OrderValidation validation;

	private final OrderMetrics metrics;

	private final RetryPolicy paymentRetry;

	private final RetryPolicy fulfillmentRetry;

	/**
	 * Refunds, voids and hand-over cancels: retried until the partner answers, since
	 * money or goods are at stake; also the pace of a charge or hand-over that waits for
	 * an operator to fix our credentials or address.
	 */
	private final RetryPolicy settlementRetry;

	private final String keyPrefix;

	private final CustomerIdLogging customerIds;

	OrderService(PaymentGateway payments, Fulfillment fulfillment, OrderValidation validation, OrderMetrics metrics,
			OrderProperties properties, CustomerIdLogging customerIds) {
		this.customerIds = customerIds;
		this.payments = payments;
		this.fulfillment = fulfillment;
		this.validation = validation;
		this.metrics = metrics;
		this.paymentRetry = retryPolicy(properties.payment());
		this.fulfillmentRetry = retryPolicy(properties.fulfillment());
		this.settlementRetry = RetryPolicy.exponential(properties.payment().initialDelay(), 2.0f)
			.setMaxDelay(properties.refundMaxDelay());
		this.keyPrefix = properties.idempotencyKeyPrefix();
	}

	@Handler
	@Name(OrderRecords.PROCESS_ORDER)
	public OrderResult processOrder(ObjectContext ctx, Order order) {
		String orderId = ctx.key();
		rejectUnsafeId(orderId);
		DurableSteps steps = DurableSteps.of(ctx);
		// the total only once validated (a caller's 1E+999999999 is no log field);
		// "amount" then
		log.atInfo()
			.addKeyValue("itemCount", (order != null && order.items() != null) ? order.items().size() : 0)
			.log("Processing order started");

		OrderResult existing = ctx.get(OrderRecords.RESULT).orElse(null);
		AcceptedOrder accepted = ctx.get(OrderRecords.ACCEPTED).orElse(null);
		if (accepted != null) {
			rejectChanges(orderId, accepted, order);
		}
		if (existing != null && existing.status().isFinal()) {
			log.atInfo().addKeyValue("status", existing.status().wireName()).log("Order already processed");
			return existing;
		}
		if (accepted == null) {
			// Only an order not yet accepted is validated: an accepted one may be
			// charged, and
			// its resubmission (equal to it, above) must finish it even if the rules or
			// limits
			// changed since; a rejection stored over it would hide a charge.
			List<String> problems = this.validation.problems(orderId, order);
			if (!problems.isEmpty()) {
				throw rejected(ctx, steps, orderId, problems);
			}
			accepted = AcceptedOrder.of(orderId, order, this.keyPrefix);
			ctx.set(OrderRecords.ACCEPTED, accepted);
			if (existing != null) {
				// a corrected resubmission: its rejection no longer describes the order,
				// and an accepted order without a result counts as charged without one
				// (OrphanedOrders) only once its invocation ends
				ctx.clear(OrderRecords.RESULT);
			}
		}
		BigDecimal total = accepted.total();
		IdempotencyKeys keys = accepted.keys();

		log.atInfo().addKeyValue("amount", total).log("Processing payment");
		PaymentRequest charge = new PaymentRequest(orderId, accepted.customerId(), total, keys.charge());
		PaymentStep payment;
		try {
			payment = steps.run("payment", PaymentStep.class, this.paymentRetry, this.settlementRetry,
					() -> pay(charge));
		}
		catch (TerminalException ex) {
			OrderResult failed = paymentFailed(steps, orderId, keys, total, ex);
			return store(ctx, steps, failed, steps.sinceAttemptStart(), total);
		}
		if (!payment.approved()) {
			log.atWarn().addKeyValue("amount", total).log("Payment declined");
			return store(ctx, steps, OrderResult.declined(orderId, payment.decidedAt()),
					Duration.between(payment.startedAt(), payment.decidedAt()), total);
		}
		log.atInfo().addKeyValue("amount", total).log("Payment successful");

		OrderResult result = fulfil(steps, accepted, keys, payment);
		return store(ctx, steps, result, Duration.between(payment.startedAt(), result.timestamp()), total);
	}

	/** An id that is not a plain identifier never reaches a log, a span or a key. */
	private static void rejectUnsafeId(String orderId) {
		String badId = OrderValidation.idProblem(orderId);
		if (badId != null) {
			throw new TerminalException(TerminalException.BAD_REQUEST_CODE, "Invalid order: " + badId);
		}
	}

	/** Stores {@code validation_failed}; the returned 400 is the caller's answer. */
	private TerminalException rejected(ObjectContext ctx, DurableSteps steps, String orderId, List<String> problems) {
		String message = "Invalid order: " + String.join("; ", problems);
		// the caller's mistake, answered 400: WARN, so that ERROR means a failure of ours
		log.atWarn().addKeyValue("problems", problems).log("Order validation failed");
		Instant rejectedAt = steps.now("record-rejection");
		store(ctx, steps, new OrderResult(orderId, OrderStatus.VALIDATION_FAILED, message, rejectedAt),
				steps.sinceAttemptStart(), null);
		return new TerminalException(TerminalException.BAD_REQUEST_CODE, message);
	}

	/**
	 * No definite answer to the charge (retries exhausted, a refusal, or a cancel): the
	 * gateway may hold a charge under the key. The order fails once it is voided.
	 */
	private OrderResult paymentFailed(DurableSteps steps, String orderId, IdempotencyKeys keys, BigDecimal total,
			TerminalException ex) {
		log.atError().addKeyValue("amount", total).addKeyValue("error", reason(ex)).log("Payment processing failed");
		OrderResult.ChargeVoid voided = voidCharge(steps, new VoidRequest(orderId, keys.charge(), keys.voiding()));
		return new OrderResult(orderId, OrderStatus.PAYMENT_FAILED,
				"Payment could not be processed: " + reason(ex) + voidedMessage(voided), voided.decidedAt(), null,
				voided, null);
	}

	/**
	 * Everything after an approved charge. It returns a result on every path: a hand-over
	 * the warehouse refuses is compensated by a refund; one that got no definite answer
	 * (or was cancelled by an operator) is cancelled at the warehouse first, and refunded
	 * unless the goods had already shipped; a refund or cancel that fails for good is
	 * recorded, never thrown.
	 */
	private OrderResult fulfil(DurableSteps steps, AcceptedOrder order, IdempotencyKeys keys, PaymentStep payment) {
		log.info("Fulfilling order");
		FulfillmentRequest handover = new FulfillmentRequest(order.id(), order.customerId(), order.items(),
				keys.fulfillment());
		FulfillmentStep shipment;
		try {
			shipment = steps.run("fulfillment", FulfillmentStep.class, this.fulfillmentRetry, this.settlementRetry,
					() -> FulfillmentStep.of(this.fulfillment.fulfil(handover), Instant.now()));
		}
		catch (TerminalException ex) {
			return unansweredHandOver(steps, order, keys, payment, reason(ex));
		}
		if (!shipment.accepted()) {
			log.atError().addKeyValue("error", shipment.refusal()).log("The warehouse refused the order, refunding");
			return refunded(steps, order, keys, payment, shipment.refusal(), null);
		}
		return completed(order, shipment.fulfillmentId(), shipment.completedAt(), payment, null, "");
	}

	/**
	 * The warehouse may hold a shipment nobody told us about: the cancel decides whether
	 * the order shipped after all, goes back to the customer, or waits for a person.
	 */
	private OrderResult unansweredHandOver(DurableSteps steps, AcceptedOrder order, IdempotencyKeys keys,
			PaymentStep payment, String why) {
		log.atError().addKeyValue("error", why).log("Fulfillment got no answer, cancelling the hand-over");
		OrderResult.ShipmentCancel cancel = cancelShipment(steps,
				new CancelRequest(order.id(), keys.fulfillment(), keys.cancel()));
		return switch (cancel.status()) {
			case OrderResult.ShipmentCancel.SHIPPED -> completed(order, cancel.fulfillmentId(), cancel.decidedAt(),
					payment, cancel, " (shipped before the hand-over was cancelled)");
			case OrderResult.ShipmentCancel.FAILED -> new OrderResult(order.id(), OrderStatus.FULFILLMENT_FAILED,
					"Order could not be fulfilled: " + why + "; cancelling the hand-over failed (" + cancel.reason()
							+ "), so the payment is kept until the warehouse is settled with",
					cancel.decidedAt(), null, null, cancel);
			default -> refunded(steps, order, keys, payment, why + cancelledMessage(cancel), cancel);
		};
	}

	private static OrderResult completed(AcceptedOrder order, String fulfillmentId, Instant at, PaymentStep payment,
			OrderResult.ShipmentCancel cancel, String note) {
		log.atInfo()
			.addKeyValue("fulfillmentId", fulfillmentId)
			.addKeyValue("duration", Duration.between(payment.startedAt(), at).toNanos() / 1e9)
			.log("Order processing completed");
		return new OrderResult(order.id(), OrderStatus.COMPLETED, "Order fulfilled: " + fulfillmentId + note, at, null,
				null, cancel);
	}

	/** The order could not be fulfilled: the payment goes back. */
	private OrderResult refunded(DurableSteps steps, AcceptedOrder order, IdempotencyKeys keys, PaymentStep payment,
			String why, OrderResult.ShipmentCancel cancel) {
		OrderResult.Refund refund = refund(steps,
				new RefundRequest(order.id(), payment.reference(), order.total(), keys.refund()));
		String outcome = refund.failed() ? "; refunding the payment failed (" + refund.reason() + ")"
				: "; the payment was refunded";
		return new OrderResult(order.id(), OrderStatus.FULFILLMENT_FAILED,
				"Order could not be fulfilled: " + why + outcome, refund.refundedAt(), refund, null, cancel);
	}

	/**
	 * Gives the charge back; a refusal for good becomes a failed refund in the result.
	 */
	private OrderResult.Refund refund(DurableSteps steps, RefundRequest request) {
		try {
			OrderResult.Refund refund = steps.run("refund", OrderResult.Refund.class, this.settlementRetry,
					() -> OrderResult.Refund.refunded(this.payments.refund(request), request.amount(), Instant.now()));
			log.atWarn().addKeyValue("refundReference", refund.reference()).log("Payment refunded");
			return refund;
		}
		catch (TerminalException ex) {
			log.atError()
				.addKeyValue("amount", request.amount())
				.addKeyValue("error", reason(ex))
				.log("Refund failed: the customer has paid for an order that will not ship");
			return OrderResult.Refund.failed(request.amount(), steps.now("record-refund-failure"), reason(ex));
		}
	}

	/** Settles a charge without a definite answer; a refusal for good is recorded. */
	private OrderResult.ChargeVoid voidCharge(DurableSteps steps, VoidRequest request) {
		try {
			OrderResult.ChargeVoid voided = steps.run("void", OrderResult.ChargeVoid.class, this.settlementRetry,
					() -> OrderResult.ChargeVoid.of(this.payments.voidCharge(request), Instant.now()));
			log.atWarn().addKeyValue("void", voided.status()).log("Charge without an answer settled");
			return voided;
		}
		catch (TerminalException ex) {
			log.atError().addKeyValue("error", reason(ex)).log("Void failed: a charge without an answer may stand");
			return OrderResult.ChargeVoid.failed(steps.now("record-void-failure"), reason(ex));
		}
	}

	/**
	 * Settles a hand-over without a definite answer; a refusal for good is recorded.
	 */
	private OrderResult.ShipmentCancel cancelShipment(DurableSteps steps, CancelRequest request) {
		try {
			OrderResult.ShipmentCancel cancel = steps.run("cancel", OrderResult.ShipmentCancel.class,
					this.settlementRetry,
					() -> OrderResult.ShipmentCancel.of(this.fulfillment.cancel(request), Instant.now()));
			log.atWarn().addKeyValue("cancel", cancel.status()).log("Hand-over without an answer settled");
			return cancel;
		}
		catch (TerminalException ex) {
			log.atError()
				.addKeyValue("error", reason(ex))
				.log("Cancel failed: the goods may ship, the payment is kept for a person to settle");
			return OrderResult.ShipmentCancel.failed(steps.now("record-cancel-failure"), reason(ex));
		}
	}

	private static String cancelledMessage(OrderResult.ShipmentCancel cancel) {
		return OrderResult.ShipmentCancel.CANCELLED.equals(cancel.status())
				? "; the hand-over the warehouse had taken was cancelled" : "; the warehouse holds no shipment for it";
	}

	private static String voidedMessage(OrderResult.ChargeVoid voided) {
		return switch (voided.status()) {
			case OrderResult.ChargeVoid.VOIDED -> "; the charge the gateway had made was voided";
			case OrderResult.ChargeVoid.NOT_FOUND -> "; the gateway holds no charge for it";
			default -> "; voiding a possible charge failed (" + voided.reason() + ")";
		};
	}

	/**
	 * An order id names one order: a resubmission with another body would be charged
	 * under the same keys for a different order (payment providers refuse a reused
	 * idempotency key the same way). Nothing is stored or counted.
	 */
	private static void rejectChanges(String orderId, AcceptedOrder accepted, Order resubmitted) {
		List<String> changed = accepted.changedIn(resubmitted);
		if (!changed.isEmpty()) {
			log.atWarn().addKeyValue("changed", changed).log("Order resubmitted with a different body");
			throw new TerminalException(TerminalException.ABORTED_CODE,
					"Order " + orderId + " was already submitted with another body (changed: "
							+ String.join(", ", changed)
							+ "); resubmit it unchanged to get its result, or send the new order under a new id");
		}
	}

	/**
	 * Allows the seed's call verbatim: a JSON body such as {@code {}}, or none (see
	 * OrderServiceOptions).
	 */
	@Shared
	@Name(OrderRecords.GET_STATUS)
	public OrderResult getStatus(SharedObjectContext ctx, @Raw(contentType = "application/json") byte[] ignored) {
		String orderId = ctx.key();
		OrderResult result = ctx.get(OrderRecords.RESULT).orElseGet(() -> OrderResult.notFound(orderId));
		log.atDebug().addKeyValue("status", result.status().wireName()).log("Status query");
		return result;
	}

	/**
	 * Every line and span of an order's attempts carries its id, and its customer's when
	 * that is a plain identifier (anything else is the caller's text, kept out of logs),
	 * masked unless {@code logging.mask-customer-ids=false}.
	 */
	@Override
	public void describeAttempt(HandlerAttempt attempt, String handler, String orderId, Object input) {
		if (OrderValidation.idProblem(orderId) != null) {
			return;
		}
		attempt.spanAttribute("order.id", orderId).logField(ORDER_ID, orderId);
		if (input instanceof Order order) {
			attempt.logField(CUSTOMER_ID, this.customerIds.field(order.customerId()));
		}
	}

	/** A processed order's span shows its status, and is failed when the order failed. */
	@Override
	public void describeAnswer(HandlerAttempt attempt, String handler, Object answer) {
		if (OrderRecords.PROCESS_ORDER.equals(handler) && answer instanceof OrderResult result) {
			attempt.spanAttribute("order.status", result.status().wireName());
			if (!result.status().isSuccess() && result.status() != OrderStatus.PAYMENT_DECLINED) {
				attempt.failed(result.message());
			}
		}
	}

	private PaymentStep pay(PaymentRequest charge) {
		Instant startedAt = Instant.now();
		PaymentDecision decision;
		try {
			decision = this.payments.charge(charge);
		}
		catch (RuntimeException ex) {
			this.metrics.paymentAttempt(OrderMetrics.PaymentAttempt.ERROR);
			log.atWarn().addKeyValue("amount", charge.amount()).log("Payment attempt failed: {}", ex.getMessage());
			throw ex;
		}
		this.metrics.paymentAttempt(
				decision.approved() ? OrderMetrics.PaymentAttempt.SUCCESS : OrderMetrics.PaymentAttempt.DECLINED);
		return new PaymentStep(decision.approved(), decision.reference(), startedAt, Instant.now());
	}

	/**
	 * Stores the outcome; its metrics are recorded just before the state write and
	 * skipped while that write is replayed, so an order whose handler is retried or
	 * replayed after deciding its outcome is counted once.
	 * @param value the order total, or null when the order never passed validation
	 */
	private OrderResult store(ObjectContext ctx, DurableSteps steps, OrderResult result, Duration duration,
			BigDecimal value) {
		steps.unlessReplaying(() -> this.metrics.outcome(result, duration, value));
		ctx.set(OrderRecords.RESULT, result);
		return result;
	}

	/**
	 * A step's last failure as the caller should read it: the SDK reports it as the
	 * exception's {@code toString()}, class name first.
	 */
	private static String reason(TerminalException ex) {
		if (ex.getCode() == TerminalException.CANCELLED_CODE) {
			return "cancelled by an operator";
		}
		return DurableSteps.failureMessage(ex.getMessage());
	}

	private static RetryPolicy retryPolicy(OrderProperties.StepRetry retry) {
		return RetryPolicy.exponential(retry.initialDelay(), 2.0f)
			.setMaxDelay(retry.maxDelay())
			.setMaxAttempts(retry.maxAttempts());
	}

	/** The journaled result of the payment step: replays see this, not a new charge. */
	record PaymentStep(boolean approved, String reference, Instant startedAt, Instant decidedAt) {
	}

	/**
	 * The journaled result of the fulfilment step: accepted with the warehouse's id, or
	 * refused with the reason (journals written before refusals were answers hold
	 * accepted hand-overs only, without {@code refusal}).
	 */
	record FulfillmentStep(String fulfillmentId, String refusal, Instant completedAt) {

		static FulfillmentStep of(FulfillmentDecision decision, Instant at) {
			return new FulfillmentStep(decision.shipmentId(), decision.refusal(), at);
		}

		boolean accepted() {
			return this.fulfillmentId != null;
		}

	}

}
