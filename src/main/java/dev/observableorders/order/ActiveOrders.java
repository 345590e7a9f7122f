package dev.observableorders.order;

import dev.observableorders.restate.RestateAdminApi;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
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

	private static final Logger log = LoggerFactory.getLogger(ActiveOrders.class);

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

	private final RestateAdminApi restate;

	private final AtomicInteger executing = new AtomicInteger();

	private volatile double unfinished = Double.NaN;

	private volatile double retrying = Double.NaN;

	private volatile double refundsRetrying = Double.NaN;

	ActiveOrders(RestateAdminApi restate) {
		this.restate = restate;
	}

	/** Counts a handler attempt as executing here until the returned handle is closed. */
	OrderMetrics.ActiveAttempt attemptStarted() {
		this.executing.incrementAndGet();
		return this.executing::decrementAndGet;
	}

	/** NaN while Restate cannot be asked: a gap on a dashboard, not a wrong number. */
	double value() {
		return this.restate.available() ? this.unfinished : this.executing.get();
	}

	/**
	 * {@code orders_retrying}: unfinished orders that failed at least once. Only Restate
	 * knows; NaN without its admin API.
	 */
	double retrying() {
		return this.restate.available() ? this.retrying : Double.NaN;
	}

	/**
	 * {@code refunds_retrying}: unfinished orders whose refund or void keeps failing.
	 * Only Restate knows; NaN without its admin API.
	 */
	double refundsRetrying() {
		return this.restate.available() ? this.refundsRetrying : Double.NaN;
	}

	@Scheduled(fixedDelayString = "${orders.active-refresh:5s}")
	void refresh() {
		if (!this.restate.available()) {
			return;
		}
		try {
			Map<String, Long> orders = this.restate.firstRow(UNFINISHED_ORDERS);
			this.unfinished = orders.getOrDefault("active", 0L);
			this.retrying = orders.getOrDefault("retrying", 0L);
			this.refundsRetrying = orders.getOrDefault("refunds_retrying", 0L);
		}
		catch (IOException ex) {
			this.unfinished = Double.NaN;
			this.retrying = Double.NaN;
			this.refundsRetrying = Double.NaN;
			log.warn("Cannot count active orders in Restate: {}", ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
