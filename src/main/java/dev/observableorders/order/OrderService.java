package dev.observableorders.order;

import dev.observableorders.fulfillment.Fulfillment;
import dev.observableorders.fulfillment.FulfillmentRequest;
import dev.observableorders.payment.PaymentDecision;
import dev.observableorders.payment.PaymentGateway;
import dev.observableorders.payment.PaymentRequest;
import dev.observableorders.payment.RefundRequest;
import dev.observableorders.restate.InvocationPhase;
import dev.observableorders.restate.InvocationTracing;
import dev.observableorders.restate.JsonSerdeFactory;
import dev.restate.sdk.ObjectContext;
import dev.restate.sdk.SharedObjectContext;
import dev.restate.sdk.annotation.CustomSerdeFactory;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Name;
import dev.restate.sdk.annotation.Raw;
import dev.restate.sdk.annotation.Shared;
import dev.restate.sdk.common.RetryPolicy;
import dev.restate.sdk.common.StateKey;
import dev.restate.sdk.common.TerminalException;
import dev.restate.sdk.springboot.RestateVirtualObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code OrderService}: a Restate virtual object keyed by order id. Restate
 * runs one {@code ProcessOrder} per order at a time and journals every step, so an order
 * is charged once however often it is submitted, retried or replayed.
 *
 * <p>
 * Journal budget of a completed order, 8 entries: input, one state get, the payment and
 * fulfilment steps (a run and its result each), one state set, output. Timestamps ride
 * inside those steps instead of adding steps of their own.
 */
@RestateVirtualObject(configuration = OrderServiceOptions.BEAN_NAME)
@CustomSerdeFactory(JsonSerdeFactory.class)
public class OrderService {

	private static final Logger log = LoggerFactory.getLogger(OrderService.class);

	static final StateKey<OrderResult> RESULT = StateKey.of("result", OrderResult.class);

	private final PaymentGateway payments;

	private final Fulfillment fulfillment;

	private final OrderValidation validation;

	private final OrderMetrics metrics;

	private final InvocationTracing tracing;

	private final RetryPolicy paymentRetry;

	private final RetryPolicy fulfillmentRetry;

	private final RetryPolicy refundRetry;

	OrderService(PaymentGateway payments, Fulfillment fulfillment, OrderValidation validation, OrderMetrics metrics,
			InvocationTracing tracing, OrderProperties properties) {
		this.tracing = tracing;
		this.payments = payments;
		this.fulfillment = fulfillment;
		this.validation = validation;
		this.metrics = metrics;
		this.paymentRetry = retryPolicy(properties.payment());
		this.fulfillmentRetry = retryPolicy(properties.fulfillment());
		this.refundRetry = RetryPolicy.exponential(properties.payment().initialDelay(), 2.0f)
			.setMaxDelay(properties.refundMaxDelay());
	}

	@Handler
	@Name("ProcessOrder")
	public OrderResult processOrder(ObjectContext ctx, Order order) {
		String orderId = ctx.key();
		long attemptStart = System.nanoTime();
		String customerId = (order != null) ? order.customerId() : null;
		try (InvocationTracing.Attempt attempt = this.tracing.startAttempt("ProcessOrder")
			.attribute("order.id", orderId);
				OrderLogContext logContext = OrderLogContext.open(orderId, customerId);
				OrderMetrics.ActiveAttempt active = this.metrics.attemptStarted()) {
			log.atInfo()
				.addKeyValue("itemCount", (order != null && order.items() != null) ? order.items().size() : 0)
				.addKeyValue("total", (order != null) ? order.total() : null)
				.log("Processing order started");

			OrderResult existing = ctx.get(RESULT).orElse(null);
			if (existing != null && existing.status().isFinal()) {
				log.atInfo().addKeyValue("status", existing.status().wireName()).log("Order already processed");
				return existing;
			}

			List<String> problems = this.validation.problems(orderId, order);
			if (!problems.isEmpty()) {
				String message = "Invalid order: " + String.join("; ", problems);
				log.atError().addKeyValue("problems", problems).log("Order validation failed");
				Instant rejectedAt = ctx.run("record-rejection", Instant.class, Instant::now);
				finish(ctx, attempt, new OrderResult(orderId, OrderStatus.VALIDATION_FAILED, message, rejectedAt),
						elapsedSince(attemptStart), null);
				throw new TerminalException(TerminalException.BAD_REQUEST_CODE, message);
			}

			log.atInfo().addKeyValue("amount", order.total()).log("Processing payment");
			PaymentRequest charge = new PaymentRequest(orderId, order.customerId(), order.total(),
					ctx.random().nextUUID().toString());
			PaymentStep payment;
			try {
				payment = ctx.run("payment", PaymentStep.class, this.paymentRetry,
						logContext.around(this.tracing.step("payment", () -> pay(charge))));
			}
			catch (TerminalException ex) {
				log.atError()
					.addKeyValue("amount", order.total())
					.addKeyValue("error", reason(ex))
					.log("Payment processing failed");
				Instant failedAt = ctx.run("record-payment-failure", Instant.class, Instant::now);
				return finish(ctx, attempt,
						new OrderResult(orderId, OrderStatus.PAYMENT_FAILED,
								"Payment could not be processed: " + reason(ex), failedAt),
						elapsedSince(attemptStart), order.total());
			}
			if (!payment.approved()) {
				log.atWarn().addKeyValue("amount", order.total()).log("Payment declined");
				return finish(ctx, attempt,
						new OrderResult(orderId, OrderStatus.PAYMENT_DECLINED, "Payment was declined",
								payment.decidedAt()),
						Duration.between(payment.startedAt(), payment.decidedAt()), order.total());
			}
			log.atInfo().addKeyValue("amount", order.total()).log("Payment successful");

			log.info("Fulfilling order");
			FulfillmentRequest handover = new FulfillmentRequest(orderId, order.customerId(), order.items(),
					charge.idempotencyKey());
			FulfillmentStep shipment;
			try {
				shipment = ctx.run("fulfillment", FulfillmentStep.class, this.fulfillmentRetry,
						logContext.around(this.tracing.step("fulfillment",
								() -> new FulfillmentStep(this.fulfillment.fulfil(handover), Instant.now()))));
			}
			catch (TerminalException ex) {
				log.atError().addKeyValue("error", reason(ex)).log("Order fulfillment failed, refunding the payment");
				RefundRequest refund = new RefundRequest(orderId, payment.reference(), order.total(),
						"refund-" + charge.idempotencyKey());
				OrderResult.Refund refunded = ctx.run("refund", OrderResult.Refund.class, this.refundRetry,
						logContext.around(this.tracing.step("refund", () -> refund(refund))));
				log.atWarn().addKeyValue("refundReference", refunded.reference()).log("Payment refunded");
				return finish(ctx, attempt,
						new OrderResult(orderId, OrderStatus.FULFILLMENT_FAILED,
								"Order could not be fulfilled: " + reason(ex) + "; the payment was refunded",
								refunded.refundedAt(), refunded),
						Duration.between(payment.startedAt(), refunded.refundedAt()), order.total());
			}

			Duration duration = Duration.between(payment.startedAt(), shipment.completedAt());
			OrderResult result = finish(
					ctx, attempt, new OrderResult(orderId, OrderStatus.COMPLETED,
							"Order fulfilled: " + shipment.fulfillmentId(), shipment.completedAt()),
					duration, order.total());
			log.atInfo()
				.addKeyValue("fulfillmentId", shipment.fulfillmentId())
				.addKeyValue("duration", duration.toNanos() / 1e9)
				.log("Order processing completed");
			return result;
		}
	}

	/**
	 * Allows the seed's call verbatim: a JSON body such as {@code {}}, or none (see
	 * OrderServiceOptions).
	 */
	@Shared
	@Name("GetStatus")
	public OrderResult getStatus(SharedObjectContext ctx, @Raw(contentType = "application/json") byte[] ignored) {
		String orderId = ctx.key();
		OrderResult result = ctx.get(RESULT).orElseGet(() -> OrderResult.notFound(orderId));
		log.atDebug()
			.addKeyValue(OrderLogContext.ORDER_ID, orderId)
			.addKeyValue("status", result.status().wireName())
			.log("Status query");
		return result;
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

	private OrderResult.Refund refund(RefundRequest request) {
		String reference = this.payments.refund(request);
		this.metrics.refunded();
		return new OrderResult.Refund(reference, request.amount(), Instant.now());
	}

	/**
	 * Stores the outcome and records its metrics. The metrics are recorded just before
	 * the state write and skipped while that write is being replayed, so an order whose
	 * handler is retried or replayed after deciding its outcome is counted once.
	 */
	private OrderResult finish(ObjectContext ctx, InvocationTracing.Attempt attempt, OrderResult result,
			Duration duration, Double value) {
		attempt.attribute("order.status", result.status().wireName());
		if (!result.status().isSuccess() && result.status() != OrderStatus.PAYMENT_DECLINED) {
			attempt.failed(result.message());
		}
		if (!InvocationPhase.isReplaying()) {
			this.metrics.outcome(result.status(), duration, value);
		}
		ctx.set(RESULT, result);
		return result;
	}

	/**
	 * A step's last failure as the caller should read it: the SDK reports it as the
	 * exception's {@code toString()}, class name first.
	 */
	private static String reason(TerminalException ex) {
		return String.valueOf(ex.getMessage()).replaceFirst("^[\\w.$]+(Exception|Error): ", "");
	}

	private static Duration elapsedSince(long nanoTime) {
		return Duration.ofNanos(System.nanoTime() - nanoTime);
	}

	private static RetryPolicy retryPolicy(OrderProperties.StepRetry retry) {
		return RetryPolicy.exponential(retry.initialDelay(), 2.0f)
			.setMaxDelay(retry.maxDelay())
			.setMaxAttempts(retry.maxAttempts());
	}

	/** The journaled result of the payment step: replays see this, not a new charge. */
	record PaymentStep(boolean approved, String reference, Instant startedAt, Instant decidedAt) {
	}

	/** The journaled result of the fulfilment step. */
	record FulfillmentStep(String fulfillmentId, Instant completedAt) {
	}

}
