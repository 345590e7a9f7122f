package dev.observableorders.pages;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.web.util.UriUtils;

/**
 * The HTML of {@code /orders} (template {@code pages/orders.html}): it refreshes itself
 * every 5 s, loads nothing from elsewhere, and the template engine escapes every value.
 */
final class OrdersOverviewPage {

	private OrdersOverviewPage() {
	}

	/** The order page's style and the answer tiles'; PageDoors allows exactly this. */
	static final String STYLE = OrderStoryPage.STYLE
			+ ".answers{display:flex;gap:1em}.answer{flex:1;padding:.6em .8em;background:#f3f5f8}"
			+ ".answer b{display:block;font-size:1.6em}";

	static String render(OrdersOverview overview) {
		OrdersOverview.Answers answers = overview.answers();
		Map<String, Object> page = new HashMap<>();
		page.put("style", STYLE);
		page.put("successRate", (answers.successRate() != null)
				? String.format(Locale.ROOT, "%.1f%%", answers.successRate() * 100) : "—");
		page.put("stuck", overview.stuck());
		page.put("p99",
				(answers.p99Seconds() != null) ? String.format(Locale.ROOT, "%.2f s", answers.p99Seconds()) : "—");
		page.put("inFlight",
				(answers.inFlight() != null) ? String.format(Locale.ROOT, "%.0f", answers.inFlight()) : "—");
		page.put("source", source(overview, answers));
		page.put("problem", answers.problem());
		page.put("restate", overview.restate());
		page.put("orphaned",
				overview.orphaned()
					.stream()
					.map((order) -> Map.of("href", href(order.orderId()), "orderId", order.orderId(), "customer",
							Objects.toString(order.customer(), ""), "total",
							(order.total() != null) ? order.total().toPlainString() : "", "voidKey",
							Objects.toString(order.voidKey(), "")))
					.toList());
		page.put("unfinished", overview.unfinished()
			.stream()
			.map((order) -> Map.of("href", href(order.orderId()), "orderId", order.orderId(), "status",
					Objects.toString(order.status(), ""), "since",
					(order.since() != null)
							? StorySentence.seconds(Duration.between(order.since(), overview.asOf())) : "",
					"attempts", order.attempts(), "failure",
					(order.lastFailure() != null)
							? ((order.failedStep() != null) ? order.failedStep() + ": " : "") + order.lastFailure()
							: ""))
			.toList());
		page.put("finished", overview.finished()
			.stream()
			.map((outcome) -> Map.of("href", href(outcome.orderId()), "orderId", outcome.orderId(), "status",
					Objects.toString(outcome.status(), ""), "at", DateTimeFormatter.ISO_INSTANT.format(outcome.at()),
					"message", Objects.toString(outcome.message(), "")))
			.toList());
		page.put("asOf", DateTimeFormatter.ISO_INSTANT.format(overview.asOf()));
		return Templates.render("orders", page);
	}

	private static String source(OrdersOverview overview, OrdersOverview.Answers answers) {
		if (!OrdersOverview.Answers.PROMETHEUS.equals(answers.source())) {
			return "From this instance's meters: success rate and p99 over the " + answers.decided()
					+ " orders it decided since it started; in flight: what Restate holds.";
		}
		if (answers.decided() == 0 && !overview.finished().isEmpty()) {
			return "From Prometheus, every instance: no scrape yet holds the orders decided below (it scrapes"
					+ " every 15 s); in flight: what Restate holds.";
		}
		return "From Prometheus, every instance: success rate and p99 over the " + answers.decided()
				+ " orders decided in the last " + PrometheusAnswers.WINDOW.toMinutes() + " min"
				+ "; in flight: what Restate holds.";
	}

	/**
	 * An order page's address, the id encoded as a path segment (the template escapes
	 * it).
	 */
	static String href(String orderId) {
		return "/orders/" + UriUtils.encodePathSegment(orderId, StandardCharsets.UTF_8);
	}

}
