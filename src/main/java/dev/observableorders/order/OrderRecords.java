package dev.observableorders.order;

import dev.observableorders.restate.serde.JsonSerdeFactory;
import dev.restate.common.Slice;
import dev.restate.sdk.common.StateKey;
import dev.restate.serde.Serde;

/**
 * What Restate keeps of an order, named once: the service and handlers as Restate routes
 * to them and its SQL tables name them, the state keys the handler writes, and how a
 * reader of Restate's SQL finds and decodes them — with the handler's own serde, so a
 * reader reads exactly what the handler would.
 *
 * <p>
 * Restate's SQL has no bind parameters: an order id put in a query must have passed
 * {@link OrderIds#isPlain} (letters, digits and {@code . _ : -}; no quote can reach the
 * query).
 */
public final class OrderRecords {

	/** The virtual object, keyed by order id. */
	public static final String SERVICE = "OrderService";

	/** The handler that processes an order. */
	public static final String PROCESS_ORDER = "ProcessOrder";

	/** The handler that answers an order's stored result. */
	public static final String GET_STATUS = "GetStatus";

	/** {@code ProcessOrder} as Restate names a target: {@code Service/handler}. */
	static final String PROCESS_ORDER_TARGET = SERVICE + "/" + PROCESS_ORDER;

	/**
	 * The order's final result (or its rejection, cleared when a corrected order is
	 * accepted).
	 */
	static final StateKey<OrderResult> RESULT = StateKey.of("result", OrderResult.class);

	/**
	 * The order as accepted for charging, before the charge: resubmissions must match it.
	 */
	static final StateKey<AcceptedOrder> ACCEPTED = StateKey.of("order", AcceptedOrder.class);

	/**
	 * The unfinished orders, one row per invocation, columns {@code id} and
	 * {@code order_id}: the invocation that holds each order's key (running, backing off,
	 * suspended or paused) and the calls queued behind it. Only tables of what is in
	 * flight are read, never {@code sys_invocation}, which keeps every completed
	 * invocation for the journal retention: the cost stays flat as history grows.
	 */
	public static final String UNFINISHED = "SELECT invocation_id AS id, service_key AS order_id"
			+ " FROM sys_keyed_service_status WHERE service_name = '" + SERVICE + "'"
			+ " UNION ALL SELECT id, service_key AS order_id FROM sys_inbox WHERE service_name = '" + SERVICE + "'";

	/**
	 * Restate 1.7 shards scoped rows by their scope and the rest by their key; our
	 * invocations have no scope, so a query that says so next to the key reads only the
	 * order's own partition key. Without it, the same query scans every partition, and an
	 * order's page slows as the retained history grows.
	 */
	public static final String UNSCOPED = "scope IS NULL";

	/**
	 * Restate's {@code last_failure_error_code} for a replay that took another path than
	 * its journal (the SDK reports 570; Restate 1.7 files it as {@code RT0016}): the code
	 * now serving the order's deployment is not the code it started on
	 * (docs/operations.md, "Shipping a new version"). Seen on Restate 1.7.12 by
	 * {@code RolloutIT}.
	 */
	public static final String JOURNAL_MISMATCH = "RT0016";

	private OrderRecords() {
	}

	/**
	 * Every {@code ProcessOrder} call for the order's key, newest first, at most
	 * {@code limit}.
	 */
	public static String invocationsQuery(String orderId, int limit) {
		return "SELECT id, status, completion_result, completion_failure, created_at, modified_at, completed_at,"
				+ " retry_count, last_failure, last_failure_error_code, last_failure_related_command_name, next_retry_at,"
				+ " trace_id" + " FROM sys_invocation WHERE target_service_name = '" + SERVICE
				+ "' AND target_service_key = '" + orderId + "' AND " + UNSCOPED + " AND target_handler_name = '"
				+ PROCESS_ORDER + "' ORDER BY created_at DESC LIMIT " + limit;
	}

	/**
	 * The order's stored state, columns {@code key} and {@code value_utf8}: its result
	 * and its accepted order.
	 */
	public static String storedQuery(String orderId) {
		return "SELECT key, value_utf8 FROM state WHERE service_name = '" + SERVICE + "' AND service_key = '" + orderId
				+ "' AND " + UNSCOPED + " AND key IN ('" + RESULT.name() + "', '" + ACCEPTED.name() + "') LIMIT 2";
	}

	/** Whether a row of {@link #storedQuery} is the result (else the accepted order). */
	public static boolean isResult(String key) {
		return RESULT.name().equals(key);
	}

	/**
	 * The stored result as the handler reads it.
	 * @throws IllegalArgumentException what is unreadable, in the handler's words, or
	 * that nothing is stored
	 */
	public static OrderResult result(String json) {
		return decoded(Decoding.RESULT, json);
	}

	/**
	 * The stored accepted order as the handler reads it.
	 * @throws IllegalArgumentException what is unreadable, in the handler's words, or
	 * that nothing is stored
	 */
	public static AcceptedOrder accepted(String json) {
		return decoded(Decoding.ACCEPTED, json);
	}

	private static <T> T decoded(Serde<T> serde, String json) {
		T value = (json != null) ? serde.deserialize(Slice.wrap(json)) : null;
		if (value == null) {
			throw new IllegalArgumentException("no value is stored");
		}
		return value;
	}

	/**
	 * The handler's serde, built on the first read: the handler builds its own at start,
	 * and only the pages read here.
	 */
	private static final class Decoding {

		private static final JsonSerdeFactory SERDE = new JsonSerdeFactory();

		static final Serde<OrderResult> RESULT = SERDE.create(OrderResult.class);

		static final Serde<AcceptedOrder> ACCEPTED = SERDE.create(AcceptedOrder.class);

	}

}
