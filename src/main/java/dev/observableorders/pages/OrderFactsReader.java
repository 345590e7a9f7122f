package dev.observableorders.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observableorders.order.OrderRecords;
import dev.observableorders.order.OrderResult;
import dev.observableorders.restate.steps.DurableSteps;
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
 * passed {@code OrderIds.isPlain} first (see {@link OrderRecords}).
 */
@Component
class OrderFactsReader {

	/** Invocations per order shown: resubmissions beyond this are not. */
	static final int MAX_INVOCATIONS = 20;

	/** Restate's journal events, which are Restate's JSON, not ours. */
	private static final ObjectMapper JSON = new ObjectMapper();

	private final RestateIntrospection restate;

	OrderFactsReader(RestateIntrospection restate) {
		this.restate = restate;
	}

	OrderFacts read(String orderId) throws IOException {
		Instant asOf = Instant.now();
		List<Map<String, Object>> invocations = this.restate
			.rows(OrderRecords.invocationsQuery(orderId, MAX_INVOCATIONS));
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
					(String) row.get("last_failure_error_code"), (String) row.get("last_failure_related_command_name"),
					instant(row.get("next_retry_at")), (String) row.get("trace_id"),
					journals.getOrDefault(id, List.of()), failures.getOrDefault(id, List.of())));
		}
		history.sort(Comparator.comparing(OrderFacts.Invocation::createdAt));
		Stored stored = stored(orderId);
		return new OrderFacts(orderId, stored.customerId(), stored.result(), history, asOf);
	}

	/**
	 * Restate records a killed invocation as a failure with its own code and message
	 * ({@code [409] killed}, {@code KILLED_INVOCATION_ERROR} in Restate 1.7): the pages
	 * tell it apart from a failure of the handler.
	 */
	static String completion(String result, String failure) {
		return ("failure".equals(result) && "[409] killed".equals(failure)) ? "killed" : result;
	}

	/**
	 * The order's stored result and the customer of the order it accepted: one query,
	 * decoded as the handler reads them.
	 */
	private Stored stored(String orderId) throws IOException {
		OrderResult result = null;
		String customerId = null;
		for (Map<String, Object> row : this.restate.rows(OrderRecords.storedQuery(orderId))) {
			String value = (String) row.get("value_utf8");
			if (value == null) {
				continue;
			}
			try {
				if (OrderRecords.isResult((String) row.get("key"))) {
					result = OrderRecords.result(value);
				}
				else {
					customerId = OrderRecords.accepted(value).customerId();
				}
			}
			catch (IllegalArgumentException ex) {
				throw new IOException("the order's stored " + row.get("key") + " is unreadable: " + ex.getMessage());
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
		return new OrderFacts.Failure(instant(row.get("appended_at")), step, DurableSteps.failureMessage(message));
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
		return DurableSteps.failureMessage(first.replaceFirst("^\\[\\d{3}[^\\]]*\\]\\s*", ""));
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
