package dev.observableorders.pages;

import dev.observableorders.order.OrderResult;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTML of an order's page (template {@code pages/order.html}): one screen, no
 * scripts, nothing fetched from elsewhere. The template engine escapes every value: order
 * ids, failure messages and log lines may hold what a caller or a partner wrote.
 */
final class OrderStoryPage {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

	static final String STYLE = """
			body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}
			h1{font-size:1.3em}.sentence{font-size:1.25em;margin:.5em 0 1em;padding:.6em .8em;background:#f3f5f8;border-left:4px solid #4a6fa5}
			table{border-collapse:collapse;width:100%;margin:.4em 0 1.2em}th,td{text-align:left;padding:.25em .6em;border-bottom:1px solid #ddd;vertical-align:top}
			th{background:#fafafa}code,.mono{font-family:ui-monospace,monospace;font-size:.92em}.muted{color:#777}
			.failed{color:#a40000}.ok{color:#176b00}
			""";

	private OrderStoryPage() {
	}

	static String render(OrderStory story) {
		boolean unfinished = story.invocations().stream().anyMatch((invocation) -> !invocation.finished());
		Map<String, Object> page = new HashMap<>();
		page.put("style", STYLE);
		page.put("unfinished", unfinished);
		page.put("orderId", story.orderId());
		page.put("customer", story.customer());
		page.put("sentence", story.sentence());
		page.put("restate", story.restate());
		page.put("result", result(story.result()));
		page.put("invocations",
				story.invocations().stream().map((invocation) -> invocation(invocation, story)).toList());
		page.put("trace",
				(story.trace() != null) ? nullable("id", story.trace().id(), "link", story.trace().link()) : null);
		page.put("logWindow", story.logs().window());
		page.put("logLink", story.logs().link());
		page.put("logs",
				story.logs()
					.lines()
					.stream()
					.map((line) -> nullable("at", time(line.at()), "level", line.level(), "message", line.message(),
							"fields", line.keyValues()))
					.toList());
		page.put("asOf", TIME.format(story.asOf()));
		return Templates.render("order", page);
	}

	static String invalid(String orderId, String problem) {
		return Templates.render("no-such-order", Map.of("style", STYLE, "orderId", orderId, "problem", problem));
	}

	private static Map<String, Object> result(OrderResult result) {
		if (result == null) {
			return null;
		}
		return nullable("status", result.status().wireName(), "message", result.message(), "decidedAt",
				time(result.timestamp()), "refund",
				(result.refund() != null) ? result.refund().status() + " " + result.refund().amount()
						+ ((result.refund().reason() != null) ? " (" + result.refund().reason() + ")" : "") : null,
				"chargeVoid",
				(result.chargeVoid() != null) ? result.chargeVoid().status()
						+ ((result.chargeVoid().reason() != null) ? " (" + result.chargeVoid().reason() + ")" : "")
						: null);
	}

	private static Map<String, Object> invocation(OrderFacts.Invocation invocation, OrderStory story) {
		Instant end = (invocation.completedAt() != null) ? invocation.completedAt() : story.asOf();
		List<Map<String, Object>> journal = new ArrayList<>();
		Instant previous = invocation.createdAt();
		for (OrderFacts.Entry entry : invocation.journal()) {
			String after = null;
			if (entry.at() != null && previous != null) {
				after = StorySentence.seconds(Duration.between(previous, entry.at()));
				previous = entry.at();
			}
			journal.add(nullable("type", entry.type(), "name",
					(entry.name() != null && !entry.name().isEmpty()) ? entry.name() : null, "after", after));
		}
		return nullable("id", invocation.id(), "status",
				invocation.status() + ((invocation.completion() != null) ? " (" + invocation.completion() + ")" : ""),
				"started", time(invocation.createdAt()), "took",
				StorySentence.seconds(Duration.between(invocation.createdAt(), end)),
				// Restate forgets it on completion; the failed attempts below stay
				"retries", invocation.finished() ? "—" : String.valueOf(invocation.retryCount()), "failure",
				(invocation.lastFailure() != null)
						? ((invocation.failedStep() != null) ? invocation.failedStep() + ": " : "")
								+ invocation.lastFailure()
						: "",
				"nextRetry", time(invocation.nextRetryAt()), "journal", journal, "failures",
				invocation.failures()
					.stream()
					.map((failure) -> nullable("step", failure.step(), "message", failure.message(), "at",
							time(failure.at())))
					.toList());
	}

	/** A map of name-value pairs that may hold nulls, which {@code Map.of} refuses. */
	private static Map<String, Object> nullable(Object... pairs) {
		Map<String, Object> map = new HashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return map;
	}

	private static String time(Instant at) {
		return (at != null) ? TIME.format(at) : "";
	}

}
