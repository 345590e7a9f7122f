package dev.observableorders.order;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The order flow's settings ({@code orders.*}).
 *
 * @param maxItems more items than this is taken as a client bug, not an order
 * @param maxTotal larger totals are rejected rather than charged
 * @param payment how the payment step retries a gateway that does not answer
 * @param fulfillment how the fulfilment step retries a warehouse that does not answer
 * @param refundMaxDelay the longest pause between attempts to refund or void a charge;
 * both are retried until the gateway answers, because a charged customer must get the
 * money back (Restate pauses the order after its own limit of attempts, 70 by default)
 * @param activeRefresh how often {@code orders_active} and the retry gauges are re-read
 * from Restate: the scrape interval, since a fresher value is never read, and each read
 * scans Restate's in-flight tables (~30 ms after heavy traffic; every 5 s it showed in
 * the latency tail, docs/benchmark-analysis.md)
 * @param orphanRefresh how often {@code orders_orphaned} is re-read from Restate: the
 * query reads every order's state ({@link OrphanedOrders}), and an orphan is only made by
 * an operator's kill, so minutes are soon enough
 * @param idempotencyKeyPrefix put before every idempotency key the partners see
 * ({@link IdempotencyKeys}), e.g. {@code prod-eu:}: one per environment and partner
 * account, so that a wiped Restate or a second stack on the same account never meets
 * another order's answers; stored with each order when it is accepted
 */
@ConfigurationProperties("orders")
record OrderProperties(@DefaultValue("100") int maxItems, @DefaultValue("1000000") BigDecimal maxTotal,
		@DefaultValue StepRetry payment, @DefaultValue StepRetry fulfillment,
		@DefaultValue("30s") Duration refundMaxDelay, @DefaultValue("15s") Duration activeRefresh,
		@DefaultValue("1m") Duration orphanRefresh, @DefaultValue("") String idempotencyKeyPrefix) {

	public OrderProperties {
		if (!idempotencyKeyPrefix.matches("[A-Za-z0-9._:@-]{0,64}")) {
			throw new IllegalArgumentException("orders.idempotency-key-prefix must be at most 64 letters, digits or"
					+ " . _ : @ - (it goes into HTTP headers and URL paths)");
		}
	}

	/**
	 * A durable step's retries: each retry is a new attempt of the handler that replays
	 * the journal up to this step. After the last attempt the order ends with a failure
	 * status.
	 *
	 * @param maxAttempts attempts including the first
	 * @param initialDelay delay before the first retry, doubling up to {@code maxDelay}
	 */
	public record StepRetry(@DefaultValue("3") int maxAttempts, @DefaultValue("100ms") Duration initialDelay,
			@DefaultValue("2s") Duration maxDelay) {

	}

}
