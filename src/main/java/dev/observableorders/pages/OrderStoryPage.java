package dev.observableorders.pages;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import dev.observableorders.logging.RecentLinesAppender;
import dev.observableorders.order.OrderResult;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The HTML of an order's page: one screen, no scripts, nothing fetched from elsewhere.
 * Every value is escaped: order ids, failure messages and log lines may hold what a
 * caller or a partner wrote.
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
		StringBuilder html = new StringBuilder();
		boolean unfinished = story.invocations().stream().anyMatch((invocation) -> !invocation.finished());
		head(html, "Order " + story.orderId(), unfinished);
		html.append("<h1>Order <code id=\"order-id\">").append(esc(story.orderId())).append("</code>");
		if (story.customer() != null) {
			html.append(" <span class=\"muted\">for customer <code id=\"customer\">")
				.append(esc(story.customer()))
				.append("</code></span>");
		}
		html.append("</h1>\n");
		html.append("<p class=\"sentence\" id=\"sentence\">").append(esc(story.sentence())).append("</p>\n");
		if (story.restate() != null) {
			html.append("<p class=\"failed\" id=\"restate\">").append(esc(story.restate())).append("</p>\n");
		}
		result(html, story.result());
		invocations(html, story);
		trace(html, story.trace());
		logs(html, story.logs());
		html.append("<p class=\"muted\">As of ")
			.append(esc(TIME.format(story.asOf())))
			.append(unfinished ? "; refreshes every 5 s while the order is unfinished." : ".")
			.append(" Also as JSON: <code>curl -H 'Accept: application/json' …/orders/")
			.append(esc(story.orderId()))
			.append("</code></p>\n</body></html>\n");
		return html.toString();
	}

	static String invalid(String orderId, String problem) {
		StringBuilder html = new StringBuilder();
		head(html, "No such order", false);
		html.append("<h1>No such order</h1>\n<p class=\"sentence\" id=\"sentence\">")
			.append(esc(problem))
			.append("</p>\n<p>Asked for: <code id=\"order-id\">")
			.append(esc(orderId))
			.append("</code></p>\n</body></html>\n");
		return html.toString();
	}

	private static void head(StringBuilder html, String title, boolean refresh) {
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
			.append(esc(title))
			.append("</title>");
		if (refresh) {
			html.append("<meta http-equiv=\"refresh\" content=\"5\">");
		}
		html.append("<style>").append(STYLE).append("</style></head><body>\n");
	}

	private static void result(StringBuilder html, OrderResult result) {
		html.append("<h2>Stored result</h2>\n");
		if (result == null) {
			html.append("<p class=\"muted\" id=\"result\">None stored.</p>\n");
			return;
		}
		html.append("<table id=\"result\"><tr><th>status</th><td class=\"mono\">")
			.append(esc(result.status().wireName()))
			.append("</td></tr><tr><th>message</th><td>")
			.append(esc(result.message()))
			.append("</td></tr><tr><th>decided at</th><td class=\"mono\">")
			.append(esc(time(result.timestamp())))
			.append("</td></tr>");
		if (result.refund() != null) {
			html.append("<tr><th>refund</th><td>")
				.append(esc(result.refund().status() + " " + result.refund().amount()
						+ ((result.refund().reason() != null) ? " (" + result.refund().reason() + ")" : "")))
				.append("</td></tr>");
		}
		if (result.chargeVoid() != null) {
			html.append("<tr><th>void</th><td>")
				.append(esc(result.chargeVoid().status()
						+ ((result.chargeVoid().reason() != null) ? " (" + result.chargeVoid().reason() + ")" : "")))
				.append("</td></tr>");
		}
		html.append("</table>\n");
	}

	private static void invocations(StringBuilder html, OrderStory story) {
		html.append("<h2>Calls of ProcessOrder</h2>\n");
		if (story.invocations().isEmpty()) {
			html.append("<p class=\"muted\">None that Restate still holds.</p>\n");
			return;
		}
		html.append("<table id=\"invocations\"><tr><th>invocation</th><th>status</th><th>started</th><th>took</th>")
			.append("<th>retries</th><th>last failure</th><th>next retry</th></tr>\n");
		for (OrderFacts.Invocation invocation : story.invocations()) {
			Instant end = (invocation.completedAt() != null) ? invocation.completedAt() : story.asOf();
			html.append("<tr class=\"invocation\"><td class=\"mono\">")
				.append(esc(invocation.id()))
				.append("</td><td>")
				.append(esc(invocation.status()
						+ ((invocation.completion() != null) ? " (" + invocation.completion() + ")" : "")))
				.append("</td><td class=\"mono\">")
				.append(esc(time(invocation.createdAt())))
				.append("</td><td>")
				.append(esc(StorySentence.seconds(Duration.between(invocation.createdAt(), end))))
				.append("</td><td>")
				// Restate forgets it on completion; the failed attempts below stay
				.append(invocation.finished() ? "—" : String.valueOf(invocation.retryCount()))
				.append("</td><td>")
				.append(esc((invocation.lastFailure() != null)
						? ((invocation.failedStep() != null) ? invocation.failedStep() + ": " : "")
								+ invocation.lastFailure()
						: ""))
				.append("</td><td class=\"mono\">")
				.append(esc(time(invocation.nextRetryAt())))
				.append("</td></tr>\n");
			html.append("<tr><td colspan=\"7\"><ol class=\"journal\">");
			Instant previous = invocation.createdAt();
			for (OrderFacts.Entry entry : invocation.journal()) {
				html.append("<li><span class=\"mono\">").append(esc(entry.type())).append("</span>");
				if (entry.name() != null && !entry.name().isEmpty()) {
					html.append(" <b class=\"step\">").append(esc(entry.name())).append("</b>");
				}
				if (entry.at() != null && previous != null) {
					html.append(" <span class=\"muted\">+")
						.append(esc(StorySentence.seconds(Duration.between(previous, entry.at()))))
						.append("</span>");
					previous = entry.at();
				}
				html.append("</li>");
			}
			for (OrderFacts.Failure failure : invocation.failures()) {
				html.append("<li class=\"failed\">failed attempt")
					.append((failure.step() != null) ? " in <b>" + esc(failure.step()) + "</b>" : "")
					.append(": ")
					.append(esc(failure.message()))
					.append(" <span class=\"muted mono\">")
					.append(esc(time(failure.at())))
					.append("</span></li>");
			}
			html.append("</ol></td></tr>\n");
		}
		html.append("</table>\n");
	}

	private static void trace(StringBuilder html, OrderStory.Trace trace) {
		html.append("<h2>Trace</h2>\n<p id=\"trace\">");
		if (trace == null) {
			html.append("<span class=\"muted\">No trace id known.</span>");
		}
		else if (trace.link() != null) {
			html.append("<a href=\"")
				.append(esc(trace.link()))
				.append("\" class=\"mono\">")
				.append(esc(trace.id()))
				.append("</a>");
		}
		else {
			html.append("<code>")
				.append(esc(trace.id()))
				.append("</code> <span class=\"muted\">(set orders.pages.trace-link to link a trace viewer)</span>");
		}
		html.append("</p>\n");
	}

	private static void logs(StringBuilder html, OrderStory.Logs logs) {
		html.append(
				"<h2>Log lines</h2>\n<p class=\"muted\" id=\"logs-note\">Partial: what this instance still holds of its last ")
			.append(logs.window())
			.append(" order log lines; other instances' and older lines are in the log store.");
		if (logs.link() != null) {
			html.append(" <a href=\"").append(esc(logs.link())).append("\" id=\"log-link\">Search the log store</a>");
		}
		html.append("</p>\n");
		if (logs.lines().isEmpty()) {
			html.append("<p class=\"muted\" id=\"logs\">None held.</p>\n");
			return;
		}
		html.append("<table id=\"logs\"><tr><th>time</th><th>level</th><th>message</th><th>fields</th></tr>\n");
		for (RecentLinesAppender.Line line : logs.lines()) {
			html.append("<tr><td class=\"mono\">")
				.append(esc(time(line.at())))
				.append("</td><td>")
				.append(esc(line.level()))
				.append("</td><td>")
				.append(esc(line.message()))
				.append("</td><td class=\"mono\">")
				.append(esc(line.keyValues()))
				.append("</td></tr>\n");
		}
		html.append("</table>\n");
	}

	private static String time(Instant at) {
		return (at != null) ? TIME.format(at) : "";
	}

	private static String esc(String text) {
		return (text != null) ? htmlEscape(text) : "";
	}

}
