package dev.observableorders.pages;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import dev.observableorders.order.RecentOutcomes;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.web.util.UriUtils;

/**
 * The HTML of {@code /orders}: it refreshes itself every 5 s, loads nothing from
 * elsewhere, and escapes every value.
 */
final class OrdersOverviewPage {

	private OrdersOverviewPage() {
	}

	/** The order page's style and the answer tiles'; PageDoors allows exactly this. */
	static final String STYLE = OrderStoryPage.STYLE
			+ ".answers{display:flex;gap:1em}.answer{flex:1;padding:.6em .8em;background:#f3f5f8}"
			+ ".answer b{display:block;font-size:1.6em}";

	static String render(OrdersOverview overview) {
		StringBuilder html = new StringBuilder();
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Orders</title>")
			.append("<meta http-equiv=\"refresh\" content=\"5\"><style>")
			.append(STYLE)
			.append("</style></head><body>\n<h1>Orders</h1>\n");
		OrdersOverview.Answers answers = overview.answers();
		long stuck = overview.stuck();
		html.append("<div class=\"answers\">")
			.append(answer("success-rate", "orders completed (of those decided)",
					(answers.successRate() != null) ? String.format(Locale.ROOT, "%.1f%%", answers.successRate() * 100)
							: "—"))
			.append("<div class=\"answer")
			.append((stuck > 0) ? " failed" : "")
			.append("\" id=\"stuck\"><b>")
			.append(stuck)
			.append("</b>stuck: failed and waiting for a retry, or paused</div>")
			.append(answer("p99", "p99 processing time",
					(answers.p99Seconds() != null) ? String.format(Locale.ROOT, "%.2f s", answers.p99Seconds()) : "—"))
			.append(answer("in-flight", "orders in flight",
					(answers.inFlight() != null) ? String.format(Locale.ROOT, "%.0f", answers.inFlight()) : "—"))
			.append("</div>\n<p class=\"muted\" id=\"answers-source\">")
			.append(OrdersOverview.Answers.PROMETHEUS.equals(answers.source()) ? ((answers
				.decided() == 0 && !overview.finished().isEmpty())
						? "From Prometheus, every instance: no scrape yet holds the orders decided below (it scrapes"
								+ " every 15 s); in flight: what Restate holds."
						: "From Prometheus, every instance: success rate and p99 over the " + answers.decided()
								+ " orders decided in the last " + PrometheusAnswers.WINDOW.toMinutes() + " min"
								+ "; in flight: what Restate holds.")
					: "From this instance's meters: success rate and p99 over the " + answers.decided()
							+ " orders it decided since it started; in flight: what Restate holds.")
			.append("</p>\n");
		if (answers.problem() != null) {
			html.append("<p class=\"failed\" id=\"prometheus\">").append(esc(answers.problem())).append("</p>\n");
		}
		html.append("<form method=\"get\" action=\"/orders\"><label>Order id <input name=\"id\" id=\"search\"")
			.append(" required maxlength=\"128\"></label> <button>Show</button></form>\n");
		if (overview.restate() != null) {
			html.append("<p class=\"failed\" id=\"restate\">Restate cannot be asked: ")
				.append(esc(overview.restate()))
				.append("</p>\n");
		}
		if (!overview.orphaned().isEmpty()) {
			html.append("<h2>Charged without a result</h2>\n<p class=\"failed\" id=\"orphaned-what-to-do\">")
				.append("An operator killed these orders after they were accepted for charging: the payment gateway")
				.append(" may hold their money, and no result says so. Resubmit each one unchanged (the same id and")
				.append(" body: it is charged once, under its key) to finish it, or void its charge at the gateway")
				.append(" under the key shown. Runbook: OrderOrphaned.</p>\n")
				.append("<table id=\"orphaned\"><tr><th>order</th><th>customer</th><th>total</th><th>void key</th></tr>\n");
			for (OrdersOverview.Orphaned order : overview.orphaned()) {
				html.append("<tr><td>")
					.append(link(order.orderId()))
					.append("</td><td>")
					.append(esc(order.customer()))
					.append("</td><td>")
					.append((order.total() != null) ? esc(order.total().toPlainString()) : "")
					.append("</td><td class=\"mono\">")
					.append(esc(order.voidKey()))
					.append("</td></tr>\n");
			}
			html.append("</table>\n");
		}
		html.append("<h2>Unfinished, oldest first</h2>\n");
		if (overview.unfinished().isEmpty()) {
			html.append("<p class=\"muted\" id=\"unfinished\">")
				.append((overview.restate() != null) ? "Unknown." : "None.")
				.append("</p>\n");
		}
		else {
			html.append("<table id=\"unfinished\"><tr><th>order</th><th>status</th><th>for</th><th>attempts</th>")
				.append("<th>last failure</th></tr>\n");
			for (OrdersOverview.Unfinished order : overview.unfinished()) {
				html.append("<tr><td>")
					.append(link(order.orderId()))
					.append("</td><td>")
					.append(esc(order.status()))
					.append("</td><td>")
					.append((order.since() != null)
							? esc(StorySentence.seconds(Duration.between(order.since(), overview.asOf()))) : "")
					.append("</td><td>")
					.append(order.attempts())
					.append("</td><td>")
					.append(esc((order.lastFailure() != null)
							? ((order.failedStep() != null) ? order.failedStep() + ": " : "") + order.lastFailure()
							: ""))
					.append("</td></tr>\n");
			}
			html.append("</table>\n");
		}
		html.append("<h2>Decided last by this instance</h2>\n");
		if (overview.finished().isEmpty()) {
			html.append("<p class=\"muted\" id=\"finished\">None yet.</p>\n");
		}
		else {
			html.append("<table id=\"finished\"><tr><th>order</th><th>status</th><th>at</th><th>message</th></tr>\n");
			for (RecentOutcomes.Outcome outcome : overview.finished()) {
				html.append("<tr><td>")
					.append(link(outcome.orderId()))
					.append("</td><td class=\"status\">")
					.append(esc(outcome.status()))
					.append("</td><td class=\"mono\">")
					.append(esc(DateTimeFormatter.ISO_INSTANT.format(outcome.at())))
					.append("</td><td>")
					.append(esc(outcome.message()))
					.append("</td></tr>\n");
			}
			html.append("</table>\n");
		}
		html.append("<p class=\"muted\">As of ")
			.append(esc(DateTimeFormatter.ISO_INSTANT.format(overview.asOf())))
			.append("; refreshes every 5 s. As JSON: <code>curl -H 'Accept: application/json' …/orders</code></p>\n")
			.append("</body></html>\n");
		return html.toString();
	}

	private static String answer(String id, String label, String value) {
		return "<div class=\"answer\" id=\"" + id + "\"><b>" + esc(value) + "</b>" + esc(label) + "</div>";
	}

	private static String link(String orderId) {
		return "<a href=\"/orders/" + esc(UriUtils.encodePathSegment(orderId, java.nio.charset.StandardCharsets.UTF_8))
				+ "\">" + esc(orderId) + "</a>";
	}

	private static String esc(String text) {
		return (text != null) ? htmlEscape(text) : "";
	}

}
