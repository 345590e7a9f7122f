package dev.observableorders.pages;

import dev.observableorders.order.AcceptedOrder;
import dev.observableorders.order.OrderIds;
import dev.observableorders.order.OrderMetrics;
import dev.observableorders.order.OrderRecords;
import dev.observableorders.order.OrphanedOrders;
import dev.observableorders.order.RecentOutcomes;
import dev.observableorders.restate.admin.RestateIntrospection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Reads the front page's facts. Unfinished orders come only from Restate's in-flight
 * tables ({@code sys_keyed_service_status}, {@code sys_inbox},
 * {@code sys_invocation_state}) and point lookups of their ids, each bounded by a
 * {@code LIMIT}: never a scan of the completed invocations Restate retains, so the page
 * costs the same with a day of history as with none.
 */
@Component
class OrdersOverviewReader {

	private final RestateIntrospection restate;

	private final RecentOutcomes recent;

	private final MeterRegistry meters;

	private final PrometheusAnswers prometheus;

	private final PagesProperties properties;

	OrdersOverviewReader(RestateIntrospection restate, RecentOutcomes recent, MeterRegistry meters,
			PrometheusAnswers prometheus, PagesProperties properties) {
		this.restate = restate;
		this.recent = recent;
		this.meters = meters;
		this.prometheus = prometheus;
		this.properties = properties;
	}

	OrdersOverview read() {
		Instant asOf = Instant.now();
		List<OrdersOverview.Orphaned> orphaned = List.of();
		List<OrdersOverview.Unfinished> unfinished = List.of();
		String problem = null;
		try {
			orphaned = orphaned();
			unfinished = unfinished();
		}
		catch (IOException ex) {
			problem = "Restate's admin API did not answer: " + ex.getMessage();
		}
		return new OrdersOverview(answers(), orphaned, unfinished, this.recent.latest(), asOf, problem);
	}

	/**
	 * Listed only while {@code orders_orphaned} (re-read every
	 * {@code orders.orphan-refresh}) counts some: the query reads every order's state,
	 * and the page refreshes every 5 s.
	 */
	private List<OrdersOverview.Orphaned> orphaned() throws IOException {
		Gauge counted = this.meters.find(OrderMetrics.ORPHANED).gauge();
		if (counted == null || !(counted.value() > 0)) {
			return List.of();
		}
		List<OrdersOverview.Orphaned> orphaned = new ArrayList<>();
		for (Map<String, Object> row : this.restate.rows(OrphanedOrders.list(OrdersOverview.MAX_UNFINISHED))) {
			String orderId = (String) row.get("order_id");
			if (!OrderIds.isPlain(orderId)) {
				continue;
			}
			AcceptedOrder accepted = accepted((String) row.get("accepted"));
			orphaned.add(new OrdersOverview.Orphaned(orderId, this.properties.customer(accepted.customerId()),
					accepted.total(), OrphanedOrders.voidKey(orderId, accepted.keyPrefix())));
		}
		return orphaned;
	}

	/** An orphaned order's accepted order, as the handler reads it. */
	private static AcceptedOrder accepted(String json) throws IOException {
		try {
			return OrderRecords.accepted(json);
		}
		catch (IllegalArgumentException ex) {
			throw new IOException("an orphaned order's stored order is unreadable: " + ex.getMessage());
		}
	}

	private List<OrdersOverview.Unfinished> unfinished() throws IOException {
		Map<String, String> orderByInvocation = new LinkedHashMap<>();
		int limit = OrdersOverview.MAX_UNFINISHED;
		for (Map<String, Object> row : this.restate.rows(OrderRecords.UNFINISHED + " LIMIT " + limit)) {
			orderByInvocation.put((String) row.get("id"), (String) row.get("order_id"));
		}
		if (orderByInvocation.isEmpty()) {
			return List.of();
		}
		String ids = orderByInvocation.keySet()
			.stream()
			.map((id) -> "'" + id + "'")
			.collect(Collectors.joining(", ", "(", ")"));
		Map<String, Map<String, Object>> status = byId(this.restate.rows(
				"SELECT id, status, created_at FROM sys_invocation_status WHERE id IN " + ids + " LIMIT " + 2 * limit));
		Map<String, Map<String, Object>> state = byId(this.restate.rows("SELECT id, retry_count, last_failure,"
				+ " last_failure_error_code, last_failure_related_command_name, next_retry_at FROM sys_invocation_state WHERE id IN "
				+ ids + " LIMIT " + 2 * limit));
		List<OrdersOverview.Unfinished> unfinished = new ArrayList<>();
		orderByInvocation.forEach((id, orderId) -> {
			if (!OrderIds.isPlain(orderId)) {
				return; // never processed: rejected before anything else
			}
			Map<String, Object> s = status.getOrDefault(id, Map.of());
			Map<String, Object> st = state.getOrDefault(id, Map.of());
			// Restate's retry_count counts attempts: 1 for the first
			long attempts = Math.max(1, (st.get("retry_count") instanceof Number n) ? n.longValue() : 0);
			boolean failed = attempts > 1 || st.get("last_failure") != null;
			unfinished.add(new OrdersOverview.Unfinished(orderId, id,
					status((String) s.get("status"), failed,
							OrderRecords.JOURNAL_MISMATCH.equals(st.get("last_failure_error_code"))),
					OrderFactsReader.instant(s.get("created_at")), attempts,
					OrderFactsReader.lastFailure(st.get("last_failure")),
					(String) st.get("last_failure_related_command_name"),
					OrderFactsReader.instant(st.get("next_retry_at"))));
		});
		unfinished.sort(Comparator.comparing(OrdersOverview.Unfinished::since,
				Comparator.nullsLast(Comparator.naturalOrder())));
		return unfinished;
	}

	/**
	 * Restate's status table says {@code invoked} for running and backing off alike, and
	 * {@code inboxed} for queued behind another call for the same order.
	 */
	private static String status(String status, boolean failed, boolean journalMismatch) {
		if (status == null || "inboxed".equals(status)) {
			return "queued";
		}
		if (journalMismatch) {
			// retrying, but never to succeed: runbook OrderJournalMismatch
			return "journal mismatch";
		}
		if ("invoked".equals(status)) {
			return failed ? "retrying" : "running";
		}
		return status;
	}

	private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> rows) {
		Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
		rows.forEach((row) -> byId.put((String) row.get("id"), row));
		return byId;
	}

	private OrdersOverview.Answers answers() {
		if (!this.prometheus.configured()) {
			return local(null);
		}
		try {
			return this.prometheus.read();
		}
		catch (IOException ex) {
			return local(ex.getMessage() + "; answered from this instance's meters instead");
		}
	}

	private OrdersOverview.Answers local(String problem) {
		double success = count("success");
		double failed = count("failed");
		double decided = success + failed;
		Gauge active = this.meters.find(OrderMetrics.ACTIVE).gauge();
		return new OrdersOverview.Answers((decided > 0) ? success / decided : null, p99(),
				(active != null && !Double.isNaN(active.value())) ? active.value() : null, (long) decided,
				OrdersOverview.Answers.INSTANCE, problem);
	}

	private double count(String status) {
		Counter counter = this.meters.find(OrderMetrics.ORDERS).tag("status", status).counter();
		return (counter != null) ? counter.count() : 0;
	}

	/**
	 * The 99th percentile over both statuses' buckets, interpolated linearly within its
	 * bucket; the top finite bound when it lies beyond it.
	 */
	private Double p99() {
		Map<Double, Double> cumulative = new java.util.TreeMap<>();
		double total = 0;
		for (Timer timer : this.meters.find(OrderMetrics.PROCESSING).timers()) {
			var snapshot = timer.takeSnapshot();
			total += snapshot.count();
			for (CountAtBucket bucket : snapshot.histogramCounts()) {
				cumulative.merge(bucket.bucket(TimeUnit.SECONDS), bucket.count(), Double::sum);
			}
		}
		if (total == 0 || cumulative.isEmpty()) {
			return null;
		}
		double rank = 0.99 * total;
		double lowerBound = 0;
		double lowerCount = 0;
		for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
			if (bucket.getValue() >= rank) {
				double inBucket = bucket.getValue() - lowerCount;
				return lowerBound
						+ (bucket.getKey() - lowerBound) * ((inBucket > 0) ? (rank - lowerCount) / inBucket : 1);
			}
			lowerBound = bucket.getKey();
			lowerCount = bucket.getValue();
		}
		return lowerBound;
	}

}
