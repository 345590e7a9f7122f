package dev.observableorders.order;

/**
 * Orders accepted for charging whose invocation ended without a stored final result: the
 * gateway may hold their money while no order says so. Only an operator's {@code kill}
 * leaves one (every other path stores a result, and a cancel runs the compensation); the
 * fix is to resubmit the order unchanged — it is charged once, under its key — or to void
 * the charge. {@code orders_orphaned}, the {@code /orders} page and alert
 * {@code OrderOrphaned} read them with these queries.
 *
 * <p>
 * The condition: the order's accepted state ({@code order}) exists; no result (an
 * accepted order's {@code result} is final: a rejection stored before is cleared when the
 * corrected order is accepted); no invocation holds or waits for the order's key
 * ({@code sys_keyed_service_status}, {@code sys_inbox}: running, backing off, suspended
 * and paused invocations all hold it). It reads the keys of every order's state, so it
 * runs on its own, slower interval ({@code orders.orphan-refresh}; cost in
 * docs/configuration.md).
 */
public final class OrphanedOrders {

	private static final String CONDITION = "a.service_name = '" + OrderRecords.SERVICE + "' AND a.key = '"
			+ OrderRecords.ACCEPTED.name() + "' AND NOT EXISTS (SELECT 1 FROM state r WHERE r.service_name = '"
			+ OrderRecords.SERVICE + "' AND r.key = '" + OrderRecords.RESULT.name()
			+ "' AND r.service_key = a.service_key)" + " AND NOT EXISTS (SELECT 1 FROM (" + OrderRecords.UNFINISHED
			+ ") u WHERE u.order_id = a.service_key)";

	/** One row, column {@code orphaned}: how many there are. */
	static final String COUNT = "SELECT count(*) AS orphaned FROM state a WHERE " + CONDITION;

	private OrphanedOrders() {
	}

	/**
	 * Up to {@code limit} of them: {@code order_id}, and {@code accepted}, the accepted
	 * order's JSON ({@code customerId}, {@code items}, {@code total}, {@code keyPrefix}).
	 */
	public static String list(int limit) {
		return "SELECT a.service_key AS order_id, a.value_utf8 AS accepted FROM state a WHERE " + CONDITION
				+ " ORDER BY a.service_key LIMIT " + limit;
	}

	/** The key to void an orphaned order's charge under at the gateway. */
	public static String voidKey(String orderId, String keyPrefix) {
		return IdempotencyKeys.of(keyPrefix, orderId).voiding();
	}

}
