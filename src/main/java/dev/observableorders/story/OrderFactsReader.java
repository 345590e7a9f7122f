package dev.observableorders.story;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.observableorders.order.OrderResult;
import dev.observableorders.restate.admin.RestateIntrospection;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Reads one order's facts from Restate's SQL introspection: four queries — its calls and
 * its state by the order's key, their journals and failed attempts by the calls' ids —
 * each a point read of one partition key ({@code OrderFactsQueriesIT}) and bounded by a
 * {@code LIMIT}, so that a page costs the same however much history Restate retains
 * ({@code tools/page-benchmark}).
 *
 * <p>
 * Restate's SQL has no bind parameters: the id is put in the query text, so it must have
 * passed {@code OrderIds.plain} first (letters, digits and {@code . _ : -}; no quote can
 * reach the query).
 */
@Component
class OrderFactsReader {

	/**
	 * Our invocations have no scope. Restate 1.7 shards scoped rows by their scope and
	 * the rest by their key, so it reads only the order's own partition key when the
	 * query says {@code scope IS NULL} next to the key; without it, the same query scans
	 * every partition, and an order's page slows as the retained history grows.
	 */
	static final String UNSCOPED = "scope IS NULL";

	/** Invocations per order shown: resubmissions beyond this are not. */
	static final int MAX_INVOCATIONS = 20;

	private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

	private final RestateIntrospection restate;

	OrderFactsReader(RestateIntrospection restate) {
		this.restate = restate;
	}

	OrderFacts read(String orderId) throws IOException {
		Instant asOf = Instant.now();
		List<Map<String, Object>> invocations = this.restate.rows(invocationsQuery(orderId));
		Map<String, List<OrderFacts.Entry>> journals = new LinkedHashMap<>();
		Map<String, List<OrderFacts.Failure>> failures = new LinkedHashMap<>();
		if (!invocations.isEmpty()) {
			String ids = invocations.stream()
				.map((row) -> "'" + row.get("id") + "'")
				.collect(Collectors.joining(", ", "(", ")"));
			for (Map<String, Object> row : this.restate.rows("SELECT id, index, entry_type, name, appended_at"
					+ " FROM sys_journal WHERE id IN " + ids + " ORDER BY index LIMIT 2000")) {
				journals.computeIfAbsent((String) row.get("id"), (id) -> new ArrayList<>())
					.add(new OrderFacts.Entry(((Number) row.get("index")).intValue(), (String) row.get("entry_type"),
							(String) row.get("name"), instant(row.get("appended_at"))));
			}
			for (Map<String, Object> row : this.restate.rows("SELECT id, appended_at, event_type, event_json"
					+ " FROM sys_journal_events WHERE id IN " + ids + " ORDER BY appended_at LIMIT 2000")) {
				failures.computeIfAbsent((String) row.get("id"), (id) -> new ArrayList<>()).add(failure(row));
			}
		}
		List<OrderFacts.Invocation> history = new ArrayList<>();
		for (Map<String, Object> row : invocations) {
			String id = (String) row.get("id");
			history.add(new OrderFacts.Invocation(id, (String) row.get("status"),
					completion((String) row.get("completion_result"), (String) row.get("completion_failure")),
					instant(row.get("created_at")), instant(row.get("modified_at")), instant(row.get("completed_at")),
					number(row.get("retry_count")), lastFailure(row.get("last_failure")),
					(String) row.get("last_failure_related_command_name"), instant(row.get("next_retry_at")),
					(String) row.get("trace_id"), journals.getOrDefault(id, List.of()),
					failures.getOrDefault(id, List.of())));
		}
		history.sort(Comparator.comparing(OrderFacts.Invocation::createdAt));
		Stored stored = stored(orderId);
		return new OrderFacts(orderId, stored.customerId(), stored.result(), history, asOf);
	}

	/** Every ProcessOrder call for the order's key, newest first. */
	static String invocationsQuery(String orderId) {
		return "SELECT id, status, completion_result, completion_failure, created_at, modified_at, completed_at,"
				+ " retry_count,"
				+ " last_failure, last_failure_related_command_name, next_retry_at, trace_id FROM sys_invocation"
				+ " WHERE target_service_name = 'OrderService' AND target_service_key = '" + orderId + "' AND "
				+ UNSCOPED + " AND target_handler_name = 'ProcessOrder' ORDER BY created_at DESC LIMIT "
				+ MAX_INVOCATIONS;
	}

	/**
	 * Restate records a killed invocation as a failure with its own code and message
	 * ({@code [409] killed}, {@code KILLED_INVOCATION_ERROR} in Restate 1.7): the pages
	 * tell it apart from a failure of the handler.
	 */
	static String completion(String result, String failure) {
		return ("failure".equals(result) && "[409] killed".equals(failure)) ? "killed" : result;
	}

	/** The order's state keys {@code result} and {@code order}. */
	static String storedQuery(String orderId) {
		return "SELECT key, value_utf8 FROM state WHERE service_name = 'OrderService' AND service_key = '" + orderId
				+ "' AND " + UNSCOPED + " AND key IN ('result', 'order') LIMIT 2";
	}

	/**
	 * The order's stored result and the customer of the order it accepted (state keys
	 * {@code result} and {@code order}): one query.
	 */
	private Stored stored(String orderId) throws IOException {
		OrderResult result = null;
		String customerId = null;
		for (Map<String, Object> row : this.restate.rows(storedQuery(orderId))) {
			String value = (String) row.get("value_utf8");
			if (value == null) {
				continue;
			}
			if ("result".equals(row.get("key"))) {
				result = JSON.readValue(value, OrderResult.class);
			}
			else {
				customerId = text(JSON.readTree(value), "customerId");
			}
		}
		return new Stored(result, customerId);
	}

	private record Stored(OrderResult result, String customerId) {
	}

	/**
	 * A {@code TransientError} journal event: a failed attempt, with the step it failed
	 * in and its message as the SDK reported it.
	 */
	private static OrderFacts.Failure failure(Map<String, Object> row) throws IOException {
		JsonNode event = JSON.readTree(String.valueOf(row.get("event_json")));
		String step = text(event, "related_command_name");
		String message = text(event, "error_message");
		return new OrderFacts.Failure(instant(row.get("appended_at")), step, withoutExceptionName(message));
	}

	/** A state value or event as JSON; an empty object when it is none. */
	static JsonNode json(String value) throws IOException {
		return (value != null) ? JSON.readTree(value) : JSON.createObjectNode();
	}

	private static String text(JsonNode event, String field) {
		JsonNode found = event.findValue(field);
		return (found != null && found.isValueNode() && !found.isNull()) ? found.asText() : null;
	}

	/**
	 * Restate's {@code last_failure} as a person should read it: the SDK reports
	 * {@code [500 Internal] message}, then the exception and its stack trace on the
	 * following lines; the pages show the message only.
	 */
	static String lastFailure(Object raw) {
		if (raw == null) {
			return null;
		}
		String first = raw.toString().lines().findFirst().orElse("").strip();
		return withoutExceptionName(first.replaceFirst("^\\[\\d{3}[^\\]]*\\]\\s*", ""));
	}

	/**
	 * The SDK reports a failure as the exception's {@code toString()}: its message only.
	 */
	private static String withoutExceptionName(String message) {
		return (message != null) ? message.replaceFirst("^[\\w.$]+(Exception|Error): ", "") : null;
	}

	/**
	 * Restate answers timestamps as ISO text without a zone (UTC), or as epoch millis.
	 */
	static Instant instant(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof Number millis) {
			return Instant.ofEpochMilli(millis.longValue());
		}
		String text = value.toString();
		return text.endsWith("Z") ? Instant.parse(text) : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
	}

	private static long number(Object value) {
		return (value instanceof Number number) ? number.longValue() : 0;
	}

}
