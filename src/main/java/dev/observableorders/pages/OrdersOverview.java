package dev.observableorders.pages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.observableorders.order.RecentOutcomes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The operators' front page ({@code /orders}): orders charged without a result first,
 * unfinished orders oldest first, the orders this instance decided last, and the seed's
 * three dashboard questions answered from Prometheus or this instance's meters.
 *
 * @param restate null when Restate answered; else why the unfinished orders are unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OrdersOverview(Answers answers, List<Orphaned> orphaned, List<Unfinished> unfinished,
		List<RecentOutcomes.Outcome> finished, Instant asOf, String restate) {

	/** Unfinished orders shown at most. */
	static final int MAX_UNFINISHED = 50;

	/**
	 * Unfinished orders that failed at least once and wait for a retry, or that Restate
	 * paused: the success rate counts only decided orders, so these are shown beside it.
	 */
	@JsonProperty("stuck")
	long stuck() {
		return this.unfinished.stream()
			.filter((order) -> order.lastFailure() != null || "paused".equals(order.status()))
			.count();
	}

	/**
	 * The seed's dashboard questions: from Prometheus over the last 5 minutes when one is
	 * configured, else from this instance's meters since it started.
	 *
	 * @param successRate share of decided orders that completed, or null before the first
	 * @param p99Seconds 99th percentile of processing time, interpolated within the
	 * seed's buckets as Prometheus' {@code histogram_quantile} does, or null before the
	 * first
	 * @param inFlight {@code orders_active}: unfinished orders Restate holds
	 * @param decided the orders the answers are about
	 * @param source {@value #PROMETHEUS} or {@value #INSTANCE}
	 * @param problem null, or why Prometheus was configured but not asked
	 */
	record Answers(Double successRate, Double p99Seconds, Double inFlight, long decided, String source,
			String problem) {

		static final String PROMETHEUS = "prometheus";

		static final String INSTANCE = "this-instance";

	}

	/**
	 * An order accepted for charging whose invocation an operator killed before it stored
	 * a result: the gateway may hold its money ({@code OrphanedOrders}).
	 *
	 * @param customer masked unless {@code orders.pages.mask-customer-ids=false}
	 * @param voidKey the key to void its charge under at the gateway, if it is not
	 * resubmitted
	 */
	record Orphaned(String orderId, String customer, BigDecimal total, String voidKey) {
	}

	/**
	 * An order Restate has not finished: running, backing off, paused, or queued behind
	 * another call for it.
	 */
	record Unfinished(String orderId, String invocationId, String status, Instant since, long attempts,
			String lastFailure, String failedStep, Instant nextRetryAt) {
	}

}
