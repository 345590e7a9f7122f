package dev.observableorders.order;

import dev.observableorders.restate.observation.HandlerObservationPostProcessor;
import dev.observableorders.restate.admin.RestateStatePoller;
import org.springframework.stereotype.Component;

/**
 * What {@code orders_active} reports. With Restate's admin API configured: the orders
 * Restate has not finished — running, waiting in retry, suspended or queued behind
 * another call for the same order — so the number survives restarts of this process and
 * is the same on every replica. Without it: handler attempts executing in this process,
 * which forgets orders waiting in retry.
 */
@Component
class ActiveOrders {

	/**
	 * Unfinished {@code ProcessOrder} invocations (the keys an exclusive call holds, plus
	 * the calls queued behind them); those of them that failed at least once (backing
	 * off, paused after the last retry, or running again: Restate's {@code retry_count}
	 * counts attempts, 1 for the first, so a failure shows as a count above 1 or as a
	 * last failure); and those whose last failure was in a settlement — the
	 * {@code refund}, {@code void} or {@code cancel} step — which retries until the
	 * partner answers; and those whose last attempt failed with a journal mismatch. Only
	 * tables that hold what is in flight are read, never {@code sys_invocation}, which
	 * keeps every completed invocation for the journal retention: the cost stays flat as
	 * history grows (measured: docs/configuration.md, "Health").
	 */
	static final String UNFINISHED_ORDERS = "SELECT (SELECT count(*) FROM (" + OrderRecords.UNFINISHED
			+ ") u) AS active, f.retrying, f.refunds_retrying, f.journal_mismatch FROM (SELECT"
			+ " coalesce(sum(CASE WHEN s.retry_count > 1 OR s.last_failure IS NOT NULL THEN 1 ELSE 0 END), 0)"
			+ " AS retrying, coalesce(sum(CASE WHEN s.last_failure_related_command_name IN ('refund', 'void',"
			+ " 'cancel') THEN 1 ELSE 0 END), 0) AS refunds_retrying, coalesce(sum(CASE WHEN"
			+ " s.last_failure_error_code = '" + OrderRecords.JOURNAL_MISMATCH + "' THEN 1 ELSE 0 END), 0)"
			+ " AS journal_mismatch FROM sys_invocation_state s JOIN (" + OrderRecords.UNFINISHED
			+ ") u ON s.id = u.id) f";

	private final RestateStatePoller restate;

	private final RestateStatePoller.Watch unfinishedOrders;

	private final RestateStatePoller.Watch orphanedOrders;

	private final HandlerObservationPostProcessor attempts;

	ActiveOrders(RestateStatePoller restate, HandlerObservationPostProcessor attempts, OrderProperties properties) {
		this.restate = restate;
		this.attempts = attempts;
		this.unfinishedOrders = restate.watch("unfinished orders", () -> UNFINISHED_ORDERS, properties.activeRefresh());
		this.orphanedOrders = restate.watch("orphaned orders", () -> OrphanedOrders.COUNT, properties.orphanRefresh());
	}

	/** NaN while Restate cannot be asked: a gap on a dashboard, not a wrong number. */
	double value() {
		return this.restate.available() ? column("active") : this.attempts.running(OrderRecords.PROCESS_ORDER_TARGET);
	}

	/**
	 * {@code orders_retrying}: unfinished orders that failed at least once. Only Restate
	 * knows; NaN without its admin API.
	 */
	double retrying() {
		return column("retrying");
	}

	/**
	 * {@code refunds_retrying}: unfinished orders whose refund, void or hand-over cancel
	 * keeps failing. Only Restate knows; NaN without its admin API.
	 */
	double refundsRetrying() {
		return column("refunds_retrying");
	}

	/**
	 * {@code orders_journal_mismatch}: unfinished orders whose replay failed because the
	 * code at their deployment changed under them. Only Restate knows; NaN without its
	 * admin API.
	 */
	double journalMismatch() {
		return column("journal_mismatch");
	}

	/**
	 * {@code orders_orphaned}: orders accepted for charging whose invocation ended
	 * without a stored result ({@link OrphanedOrders}). Only Restate knows; NaN without
	 * its admin API.
	 */
	double orphaned() {
		return column(this.orphanedOrders, "orphaned");
	}

	private double column(String name) {
		return column(this.unfinishedOrders, name);
	}

	private static double column(RestateStatePoller.Watch watch, String name) {
		return watch.latest().map((row) -> (double) row.getOrDefault(name, 0L)).orElse(Double.NaN);
	}

}
