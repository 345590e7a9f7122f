package dev.observableorders.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Owns every order meter: the seed's names, labels and buckets. Meters are registered up
 * front, so every series exists (at zero) from the first scrape. An order id is never a
 * tag: one series per order would exhaust Prometheus.
 */
@Component
public class OrderMetrics {

	/**
	 * {@code orders_total{status="success|failed"}}: order outcomes, each counted once.
	 */
	public static final String ORDERS = "orders";

	/**
	 * {@code order_outcomes_total{status}}: the stored status itself ({@code completed},
	 * {@code payment_declined}, ...), so that an SLO can tell our failures from the
	 * customer's. Counted together with {@link #ORDERS}.
	 */
	public static final String OUTCOMES = "order.outcomes";

	/** {@code orders_active}: orders not finished yet (see {@link ActiveOrders}). */
	public static final String ACTIVE = "orders.active";

	/**
	 * {@code orders_orphaned}: orders accepted for charging whose invocation ended
	 * without a stored result, which only an operator's kill does
	 * ({@link OrphanedOrders}).
	 */
	public static final String ORPHANED = "orders.orphaned";

	/**
	 * {@code orders_retrying}: unfinished orders that failed at least once (see
	 * {@link ActiveOrders}).
	 */
	public static final String RETRYING = "orders.retrying";

	/**
	 * {@code orders_journal_mismatch}: unfinished orders whose replay failed because the
	 * code at their deployment is not the code they started on (see
	 * {@link ActiveOrders}).
	 */
	public static final String JOURNAL_MISMATCH = "orders.journal.mismatch";

	/**
	 * {@code order_processing_seconds{status}}: time from the payment step to the
	 * outcome.
	 */
	public static final String PROCESSING = "order.processing";

	/** {@code order_value_dollars}: totals of orders that passed validation. */
	public static final String VALUE = "order.value";

	/**
	 * {@code payment_attempts_total{result="success|declined|error"}}: each real gateway
	 * call.
	 */
	public static final String PAYMENT_ATTEMPTS = "payment.attempts";

	/**
	 * {@code refunds_total{result="refunded|failed"}}: refunds of orders that could not
	 * be fulfilled, by outcome; {@code failed} means the money has not gone back.
	 */
	public static final String REFUNDS = "refunds";

	/**
	 * {@code payment_voids_total{result="voided|not_found|failed"}}: charges without a
	 * definite answer, settled by a void; {@code failed} means a charge may stand.
	 */
	public static final String VOIDS = "payment.voids";

	/**
	 * {@code fulfillment_cancels_total{result="cancelled|not_found|shipped|failed"}}:
	 * hand-overs without a definite answer, settled by a cancel; {@code failed} means the
	 * goods may ship while the payment is kept for a person to settle.
	 */
	public static final String CANCELS = "fulfillment.cancels";

	/**
	 * {@code refunds_retrying}: unfinished orders whose refund, void or hand-over cancel
	 * keeps failing and is being retried (see {@link ActiveOrders}).
	 */
	public static final String REFUNDS_RETRYING = "refunds.retrying";

	private static final Duration[] PROCESSING_BUCKETS = { Duration.ofMillis(100), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10) };

	private static final double[] VALUE_BUCKETS = { 10, 50, 100, 200, 500, 1000, 5000 };

	/** The seed's {@code status} label: an outcome is either a success or a failure. */
	enum Outcome {

		SUCCESS, FAILED;

		String tag() {
			return name().toLowerCase();
		}

		static Outcome of(OrderStatus status) {
			return status.isSuccess() ? SUCCESS : FAILED;
		}

	}

	/** The seed's {@code result} label of a payment attempt. */
	enum PaymentAttempt {

		SUCCESS, DECLINED, ERROR;

		String tag() {
			return name().toLowerCase();
		}

	}

	private final Map<Outcome, Counter> orders = new EnumMap<>(Outcome.class);

	private final Map<OrderStatus, Counter> outcomes = new EnumMap<>(OrderStatus.class);

	private final Map<Outcome, Timer> processing = new EnumMap<>(Outcome.class);

	private final Map<PaymentAttempt, Counter> paymentAttempts = new EnumMap<>(PaymentAttempt.class);

	private final DistributionSummary value;

	private final Map<String, Counter> refunds = new HashMap<>();

	private final Map<String, Counter> voids = new HashMap<>();

	private final Map<String, Counter> cancels = new HashMap<>();

	private final RecentOutcomes recent;

	OrderMetrics(MeterRegistry registry, ActiveOrders active, RecentOutcomes recent) {
		this.recent = recent;
		for (Outcome outcome : Outcome.values()) {
			this.orders.put(outcome,
					Counter.builder(ORDERS)
						.description("Total number of orders processed")
						.tag("status", outcome.tag())
						.register(registry));
			this.processing.put(outcome,
					Timer.builder(PROCESSING)
						.description("Order processing duration in seconds")
						.tag("status", outcome.tag())
						.serviceLevelObjectives(PROCESSING_BUCKETS)
						.register(registry));
		}
		for (OrderStatus status : OrderStatus.values()) {
			if (status != OrderStatus.NOT_FOUND) {
				this.outcomes.put(status,
						Counter.builder(OUTCOMES)
							.description("Orders by stored status, each counted once")
							.tag("status", status.wireName())
							.register(registry));
			}
		}
		for (PaymentAttempt attempt : PaymentAttempt.values()) {
			this.paymentAttempts.put(attempt,
					Counter.builder(PAYMENT_ATTEMPTS)
						.description("Total payment processing attempts")
						.tag("result", attempt.tag())
						.register(registry));
		}
		this.value = DistributionSummary.builder(VALUE)
			.description("Distribution of order values")
			.baseUnit("dollars")
			.serviceLevelObjectives(VALUE_BUCKETS)
			.register(registry);
		for (String result : List.of(OrderResult.Refund.REFUNDED, OrderResult.Refund.FAILED)) {
			this.refunds.put(result,
					Counter.builder(REFUNDS)
						.description("Refunds of charged orders that could not be fulfilled, by outcome")
						.tag("result", result)
						.register(registry));
		}
		for (String result : List.of(OrderResult.ChargeVoid.VOIDED, OrderResult.ChargeVoid.NOT_FOUND,
				OrderResult.ChargeVoid.FAILED)) {
			this.voids.put(result,
					Counter.builder(VOIDS)
						.description("Voids of charges that got no definite answer, by outcome")
						.tag("result", result)
						.register(registry));
		}
		for (String result : OrderResult.ShipmentCancel.RESULTS) {
			this.cancels.put(result,
					Counter.builder(CANCELS)
						.description("Cancels of hand-overs that got no definite answer, by outcome")
						.tag("result", result)
						.register(registry));
		}
		Gauge.builder(ACTIVE, active, ActiveOrders::value)
			.description("Number of orders currently being processed")
			.register(registry);
		Gauge.builder(RETRYING, active, ActiveOrders::retrying)
			.description("Unfinished orders that failed at least once: backing off, paused or running again")
			.register(registry);
		Gauge.builder(ORPHANED, active, ActiveOrders::orphaned)
			.description("Orders accepted for charging whose invocation ended without a stored result (killed)")
			.register(registry);
		Gauge.builder(JOURNAL_MISMATCH, active, ActiveOrders::journalMismatch)
			.description("Unfinished orders whose replay failed: the code at their deployment is not the code they"
					+ " started on")
			.register(registry);
		Gauge.builder(REFUNDS_RETRYING, active, ActiveOrders::refundsRetrying)
			.description("Unfinished orders whose refund, void or hand-over cancel failed and is being retried")
			.register(registry);
	}

	void paymentAttempt(PaymentAttempt result) {
		this.paymentAttempts.get(result).increment();
	}

	/**
	 * Records an order's outcome, with its refund, void or cancel, and keeps it among the
	 * {@link RecentOutcomes}. The caller guarantees once per order: see
	 * {@code OrderService#store}.
	 * @param value the order total, or null when the order never passed validation
	 */
	void outcome(OrderResult result, Duration duration, BigDecimal value) {
		this.recent.add(result);
		Outcome outcome = Outcome.of(result.status());
		this.orders.get(outcome).increment();
		this.outcomes.get(result.status()).increment();
		this.processing.get(outcome).record(duration);
		if (value != null) {
			this.value.record(value.doubleValue());
		}
		if (result.refund() != null) {
			this.refunds.get(result.refund().status()).increment();
		}
		if (result.chargeVoid() != null) {
			this.voids.get(result.chargeVoid().status()).increment();
		}
		if (result.cancel() != null) {
			this.cancels.get(result.cancel().status()).increment();
		}
	}

}
