package dev.observableorders.logging;

import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Keeps the most recent log lines that carry an MDC key (e.g. {@code orderId}), in
 * memory, so that a page can show one key's lines without a log store. Bounded: a ring of
 * {@link #setCapacity capacity} lines (10 000), the oldest overwritten; so what it holds
 * is a partial, recent window of what this instance logged, which the page says.
 *
 * <p>
 * A line costs one small record and no formatting beyond the message's own.
 */
public class RecentLinesAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	/**
	 * One kept line; its key-value pairs are joined when read, not on the logging thread.
	 */
	public record Line(Instant at, String level, String logger, String message, @JsonIgnore List<KeyValuePair> pairs,
			String traceId) {

		/** {@code key=value key=value}, or empty; what the JSON page shows. */
		@JsonProperty("keyValues")
		public String keyValues() {
			if (this.pairs == null || this.pairs.isEmpty()) {
				return "";
			}
			StringJoiner joined = new StringJoiner(" ");
			this.pairs.forEach((pair) -> joined.add(pair.key + "=" + pair.value));
			return joined.toString();
		}

	}

	private String key;

	private int capacity = 10_000;

	private Line[] ring;

	private String[] ringKeys;

	private long written;

	/** The MDC key whose lines are kept, and by which they are looked up. */
	public void setKey(String key) {
		this.key = key;
	}

	public void setCapacity(int capacity) {
		this.capacity = capacity;
	}

	public int capacity() {
		return this.capacity;
	}

	@Override
	public void start() {
		if (this.key == null || this.capacity < 1) {
			addError("RecentLinesAppender needs a key and a positive capacity");
			return;
		}
		this.ring = new Line[this.capacity];
		this.ringKeys = new String[this.capacity];
		super.start();
	}

	@Override
	protected void append(ILoggingEvent event) {
		String value = event.getMDCPropertyMap().get(this.key);
		if (value == null) {
			return;
		}
		Line line = new Line(event.getInstant(), event.getLevel().toString(), shortName(event.getLoggerName()),
				event.getFormattedMessage(), event.getKeyValuePairs(), event.getMDCPropertyMap().get("traceId"));
		synchronized (this) {
			int slot = (int) (this.written % this.capacity);
			this.ring[slot] = line;
			this.ringKeys[slot] = value;
			this.written++;
		}
	}

	/** The kept lines whose key has this value, oldest first. */
	public synchronized List<Line> linesFor(String value) {
		List<Line> lines = new ArrayList<>();
		long first = Math.max(0, this.written - this.capacity);
		for (long i = first; i < this.written; i++) {
			int slot = (int) (i % this.capacity);
			if (value.equals(this.ringKeys[slot])) {
				lines.add(this.ring[slot]);
			}
		}
		return lines;
	}

	/** The appender of that name on the root logger, if Logback runs and has one. */
	public static RecentLinesAppender find(String name) {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(name);
			if (appender instanceof RecentLinesAppender recent) {
				return recent;
			}
		}
		return null;
	}

	private static String shortName(String logger) {
		return logger.substring(logger.lastIndexOf('.') + 1);
	}

}
