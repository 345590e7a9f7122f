package dev.observableorders.order;

import dev.observableorders.restate.RestateStatePoller;
import java.util.concurrent.atomic.AtomicInteger;
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
	 * Unfinished {@code ProcessOrder} invocations; those of them that failed at least
	 * once (backing off, paused after the last retry, or running again); and those whose
	 * last failure was in the {@code refund} or {@code void} step, which retry until the
	 * gateway answers because money is at stake.
	 */
	static final String UNFINISHED_ORDERS = "SELECT count(*) AS active,"
			+ " sum(CASE WHEN status IN ('backing-off', 'paused') OR retry_count > 0 THEN 1 ELSE 0 END) AS retrying,"
			+ " sum(CASE WHEN last_failure_related_command_name IN ('refund', 'void') THEN 1 ELSE 0 END)"
			+ " AS refunds_retrying FROM sys_invocation"
			+ " WHERE target_service_name = 'OrderService' AND target_handler_name = 'ProcessOrder'"
			+ " AND status <> 'completed'";

	private final RestateStatePoller restate;

	private final RestateStatePoller.Watch unfinishedOrders;

	private final AtomicInteger executing = new AtomicInteger();

	ActiveOrders(RestateStatePoller restate, OrderProperties properties) {
		this.restate = restate;
		this.unfinishedOrders = restate.watch("unfinished orders", () -> UNFINISHED_ORDERS, properties.activeRefresh());
	}

	/** Counts a handler attempt as executing here until the returned handle is closed. */
	OrderMetrics.ActiveAttempt attemptStarted() {
		this.executing.incrementAndGet();
		return this.executing::decrementAndGet;
	}

	/** NaN while Restate cannot be asked: a gap on a dashboard, not a wrong number. */
	double value() {
		return this.restate.available() ? column("active") : this.executing.get();
	}

	/**
	 * {@code orders_retrying}: unfinished orders that failed at least once. Only Restate
	 * knows; NaN without its admin API.
	 */
	double retrying() {
		return column("retrying");
	}

	/**
	 * {@code refunds_retrying}: unfinished orders whose refund or void keeps failing.
	 * Only Restate knows; NaN without its admin API.
	 */
	double refundsRetrying() {
		return column("refunds_retrying");
	}

	private double column(String name) {
		return this.unfinishedOrders.latest().map((row) -> (double) row.getOrDefault(name, 0L)).orElse(Double.NaN);
	}

}
