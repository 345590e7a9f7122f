package dev.observableorders.pages;

import dev.observableorders.logging.RecentLinesAppender;
import dev.observableorders.order.OrderIds;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /orders/{id}} on the management port: what happened to one order; and
 * {@code GET /orders}, the operators' front page. Each as a page or, with
 * {@code Accept: application/json}, as JSON for scripts. Read-only.
 */
@RestController
class OrderStoryController {

	private static final Logger log = LoggerFactory.getLogger(OrderStoryController.class);

	/** Every page says its charset: a browser never guesses it. */
	private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

	/** The appender in logback-spring.xml that keeps recent order lines. */
	static final String RECENT_LINES = "RECENT_ORDER_LINES";

	private final PageReads reads;

	private final PagesProperties properties;

	OrderStoryController(PageReads reads, PagesProperties properties) {
		this.reads = reads;
		this.properties = properties;
	}

	@ExceptionHandler(PageReads.PagesBusyException.class)
	ResponseEntity<String> busy(PageReads.PagesBusyException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.contentType(MediaType.TEXT_PLAIN)
			.body(ex.getMessage());
	}

	/**
	 * Browsers ask for it with every page: no icon, and no "No mapping" WARN per view.
	 */
	@GetMapping("/favicon.ico")
	ResponseEntity<Void> favicon() {
		return ResponseEntity.noContent().build();
	}

	@GetMapping(path = "/orders", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<OrdersOverview> overviewJson() {
		return ResponseEntity.ok(this.reads.overview());
	}

	/** The front page; with {@code ?id=}, the search box: on to that order's page. */
	@GetMapping(path = "/orders", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> overviewPage(@RequestParam(name = "id", required = false) String orderId) {
		if (orderId != null) {
			String id = orderId.strip();
			if (!OrderIds.isPlain(id)) {
				return ResponseEntity.badRequest()
					.contentType(HTML)
					.body(OrderStoryPage.invalid(id, "No such order: " + OrderIds.rule()));
			}
			return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/orders/" + id)).build();
		}
		return ResponseEntity.ok().contentType(HTML).body(OrdersOverviewPage.render(this.reads.overview()));
	}

	@GetMapping(path = "/orders/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> json(@PathVariable("id") String orderId) {
		if (!OrderIds.isPlain(orderId)) {
			return ResponseEntity.badRequest().body(Map.of("error", "No such order: " + OrderIds.rule()));
		}
		OrderStory story = story(orderId);
		return ResponseEntity.status(status(story)).body(story);
	}

	@GetMapping(path = "/orders/{id}", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> page(@PathVariable("id") String orderId) {
		if (!OrderIds.isPlain(orderId)) {
			return ResponseEntity.badRequest()
				.contentType(HTML)
				.body(OrderStoryPage.invalid(orderId, "No such order: " + OrderIds.rule()));
		}
		OrderStory story = story(orderId);
		return ResponseEntity.status(status(story)).contentType(HTML).body(OrderStoryPage.render(story));
	}

	/** 503 when Restate could not be asked, 404 for an order it never saw, else 200. */
	private static HttpStatus status(OrderStory story) {
		if (story.restate() != null) {
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		return (story.result() == null && story.invocations().isEmpty()) ? HttpStatus.NOT_FOUND : HttpStatus.OK;
	}

	OrderStory story(String orderId) {
		OrderStory.Logs logs = logs(orderId);
		OrderFacts facts;
		try {
			facts = this.reads.facts(orderId);
		}
		catch (IOException ex) {
			log.warn("Cannot read order {} from Restate: {}", orderId, ex.toString());
			return new OrderStory(orderId, null, "Restate cannot be asked right now, so this order's story is unknown.",
					null, List.of(), null, logs, Instant.now(),
					"Restate's admin API did not answer: " + ex.getMessage());
		}
		return new OrderStory(orderId, this.properties.customer(facts.customerId()), StorySentence.of(facts),
				facts.result(), facts.invocations(), trace(facts, logs), logs, facts.asOf(), null);
	}

	private OrderStory.Trace trace(OrderFacts facts, OrderStory.Logs logs) {
		String traceId = null;
		OrderFacts.Invocation shown = (facts.deciding() != null) ? facts.deciding() : facts.latest();
		if (shown != null && shown.traceId() != null && !shown.traceId().isBlank()) {
			traceId = shown.traceId();
		}
		if (traceId == null) {
			traceId = logs.lines()
				.stream()
				.map(RecentLinesAppender.Line::traceId)
				.filter((id) -> id != null)
				.findFirst()
				.orElse(null);
		}
		return (traceId != null) ? new OrderStory.Trace(traceId, this.properties.traceLinkFor(traceId)) : null;
	}

	private OrderStory.Logs logs(String orderId) {
		RecentLinesAppender recent = RecentLinesAppender.find(RECENT_LINES);
		List<RecentLinesAppender.Line> lines = (recent != null) ? recent.linesFor(orderId) : List.of();
		return new OrderStory.Logs(lines, (recent != null) ? recent.capacity() : 0,
				this.properties.logLinkFor(orderId));
	}

}
