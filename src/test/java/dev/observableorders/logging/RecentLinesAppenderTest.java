package dev.observableorders.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.observableorders.logging.RecentLinesAppender.Line;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class RecentLinesAppenderTest {

	private final LoggerContext context = new LoggerContext();

	private final RecentLinesAppender appender = new RecentLinesAppender();

	@BeforeEach
	void start() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.appender.setContext(this.context);
		this.appender.setKey("orderId");
		this.appender.setCapacity(4);
		this.appender.start();
	}

	@Test
	void readsBackEveryFieldOfOneOrdersLinesOldestFirst() {
		Instant at = Instant.parse("2026-12-01T10:15:30.123456789Z");
		log(at, Level.INFO, "order-001", "trace-1", "Processing payment",
				List.of(new KeyValuePair("amount", new BigDecimal("99.99"))));
		log(at.plusSeconds(1), Level.WARN, "order-002", null, "Payment declined", List.of());
		log(at.plusSeconds(2), Level.INFO, "order-001", "trace-1", "Payment successful",
				List.of(new KeyValuePair("amount", new BigDecimal("99.99")), new KeyValuePair("attempt", 2)));

		assertThat(this.appender.linesFor("order-001")).containsExactly(
				new Line(at, "INFO", "OrderService", "Processing payment", "amount=99.99", "trace-1"),
				new Line(at.plusSeconds(2), "INFO", "OrderService", "Payment successful", "amount=99.99 attempt=2",
						"trace-1"));
		assertThat(this.appender.linesFor("order-002"))
			.containsExactly(new Line(at.plusSeconds(1), "WARN", "OrderService", "Payment declined", "", null));
		assertThat(this.appender.linesFor("order-0")).isEmpty();
	}

	@Test
	void keepsOnlyTheNewestLinesOnceTheWindowIsFull() {
		for (int i = 1; i <= 10; i++) {
			log(Instant.EPOCH, Level.INFO, (i % 2 == 0) ? "even" : "odd", null, "line " + i, null);
		}

		assertThat(this.appender.linesFor("even")).extracting(Line::message).containsExactly("line 8", "line 10");
		assertThat(this.appender.linesFor("odd")).extracting(Line::message).containsExactly("line 7", "line 9");
	}

	@Test
	void ignoresLinesWithoutTheKey() {
		log(Instant.EPOCH, Level.INFO, null, "trace-1", "Started", null);

		assertThat(this.appender.linesFor("")).isEmpty();
		assertThat(this.appender.linesFor("null")).isEmpty();
	}

	@Test
	void cutsALineLongerThanItsSlotAndMarksTheCutWithoutLosingItsKey() {
		String longMessage = "x".repeat(1000);
		log(Instant.EPOCH, Level.ERROR, "order-001", "trace-1", longMessage,
				List.of(new KeyValuePair("amount", "1.00")));

		Line line = this.appender.linesFor("order-001").get(0);
		assertThat(line.message()).endsWith("…").startsWith("xxxx");
		assertThat("order-001" + "trace-1" + "OrderService" + line.message()).hasSize(RecentLinesAppender.SLOT_CHARS);
		assertThat(line.keyValues()).isEmpty();
		assertThat(line.level()).isEqualTo("ERROR");
	}

	@Test
	void aValueWhoseToStringLogsLeavesBothLinesWhole() {
		Object chatty = new Object() {
			@Override
			public String toString() {
				log(Instant.EPOCH, Level.INFO, "order-002", null, "logged from toString", null);
				return "chatty";
			}
		};

		log(Instant.EPOCH, Level.INFO, "order-001", null, "outer", List.of(new KeyValuePair("value", chatty)));

		assertThat(this.appender.linesFor("order-001"))
			.containsExactly(new Line(Instant.EPOCH, "INFO", "OrderService", "outer", "value=chatty", null));
		assertThat(this.appender.linesFor("order-002")).extracting(Line::message)
			.containsExactly("logged from toString");
	}

	@Test
	void doesNotKeepALineWhoseKeyIsTooLongToBeFoundAgainSafely() {
		String longKey = "k".repeat(RecentLinesAppender.MAX_KEY_CHARS + 1);
		log(Instant.EPOCH, Level.INFO, longKey, null, "kept?", null);

		assertThat(this.appender.linesFor(longKey)).isEmpty();
		assertThat(this.appender.linesFor(longKey.substring(0, RecentLinesAppender.MAX_KEY_CHARS))).isEmpty();
	}

	private void log(Instant at, Level level, String orderId, String traceId, String message,
			List<KeyValuePair> pairs) {
		LoggingEvent event = new LoggingEvent(getClass().getName(),
				this.context.getLogger("dev.observableorders.order.OrderService"), level, message, null, null);
		Map<String, String> mdc = new HashMap<>();
		if (orderId != null) {
			mdc.put("orderId", orderId);
		}
		if (traceId != null) {
			mdc.put("traceId", traceId);
		}
		event.setMDCPropertyMap(mdc);
		event.setInstant(at);
		if (pairs != null) {
			pairs.forEach(event::addKeyValuePair);
		}
		this.appender.doAppend(event);
	}

}
