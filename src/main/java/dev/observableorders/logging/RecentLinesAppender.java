package dev.observableorders.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Keeps the most recent log lines that carry an MDC key (e.g. {@code orderId}), in
 * memory, so that a page can show one key's lines without a log store. Bounded: a ring of
 * {@link #setCapacity capacity} lines (10 000), the oldest overwritten; so what it holds
 * is a partial, recent window of what this instance logged, which the page says.
 *
 * <p>
 * The ring is preallocated arrays: each line's text is copied into its slot of one
 * {@code char[]} ({@value #SLOT_CHARS} characters a line, longer fields cut and marked
 * with {@code …}). Keeping the events' own objects instead (message, timestamp, key-value
 * list and values) kept ten-odd objects per line alive for the seconds the window spans,
 * and the garbage collector copied them at every young collection on the hot path; the
 * slots are allocated once and hold no references.
 */
public class RecentLinesAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	/** One kept line, as read back for a page. */
	public record Line(Instant at, String level, String logger, String message, String keyValues, String traceId) {
	}

	/** Characters a line's slot holds, for all its fields together. */
	static final int SLOT_CHARS = 256;

	/** A key longer than this is not kept: cut, it could match another key. */
	static final int MAX_KEY_CHARS = 128;

	private static final char CUT = '…';

	private static final String[] NO_KEY_VALUES = {};

	private static final Level[] LEVELS = { Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR };

	// a slot's fields, in the order they are written and their lengths kept
	private static final int KEY = 0;

	private static final int TRACE_ID = 1;

	private static final int LOGGER = 2;

	private static final int MESSAGE = 3;

	private static final int KEY_VALUES = 4;

	private static final int FIELDS = 5;

	private String key;

	private int capacity = 10_000;

	private char[] text;

	private short[] lengths;

	private long[] epochNanos;

	private byte[] levels;

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
		this.text = new char[this.capacity * SLOT_CHARS];
		this.lengths = new short[this.capacity * FIELDS];
		this.epochNanos = new long[this.capacity];
		this.levels = new byte[this.capacity];
		super.start();
	}

	@Override
	protected void append(ILoggingEvent event) {
		Map<String, String> mdc = event.getMDCPropertyMap();
		String value = mdc.get(this.key);
		if (value == null || value.length() > MAX_KEY_CHARS) {
			return;
		}
		String message = event.getFormattedMessage();
		String traceId = mdc.get("traceId");
		String logger = event.getLoggerName();
		String[] keyValues = keyValues(event.getKeyValuePairs());
		Instant at = event.getInstant();
		synchronized (this) {
			int slot = (int) (this.written % this.capacity);
			begin(slot);
			put(KEY, value, 0, value.length());
			put(TRACE_ID, traceId, 0, (traceId != null) ? traceId.length() : 0);
			put(LOGGER, logger, logger.lastIndexOf('.') + 1, logger.length());
			put(MESSAGE, message, 0, (message != null) ? message.length() : 0);
			putKeyValues(keyValues);
			this.epochNanos[slot] = at.getEpochSecond() * 1_000_000_000L + at.getNano();
			this.levels[slot] = levelIndex(event.getLevel());
			this.written++;
		}
	}

	/** The kept lines whose key has this value, oldest first. */
	public synchronized List<Line> linesFor(String value) {
		List<Line> lines = new ArrayList<>();
		long first = Math.max(0, this.written - this.capacity);
		for (long i = first; i < this.written; i++) {
			int slot = (int) (i % this.capacity);
			if (keyEquals(slot, value)) {
				lines.add(read(slot));
			}
		}
		return lines;
	}

	private boolean keyEquals(int slot, String value) {
		int length = this.lengths[slot * FIELDS + KEY];
		if (length != value.length()) {
			return false;
		}
		int base = slot * SLOT_CHARS;
		for (int i = 0; i < length; i++) {
			if (this.text[base + i] != value.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private Line read(int slot) {
		String[] fields = new String[FIELDS];
		int offset = slot * SLOT_CHARS;
		for (int field = 0; field < FIELDS; field++) {
			int length = this.lengths[slot * FIELDS + field];
			fields[field] = new String(this.text, offset, length);
			offset += length;
		}
		long nanos = this.epochNanos[slot];
		return new Line(
				Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)),
				LEVELS[this.levels[slot]].toString(), fields[LOGGER], fields[MESSAGE], fields[KEY_VALUES],
				fields[TRACE_ID].isEmpty() ? null : fields[TRACE_ID]);
	}

	private static byte levelIndex(Level level) {
		for (byte i = 0; i < LEVELS.length; i++) {
			if (LEVELS[i] == level) {
				return i;
			}
		}
		return 2;
	}

	// Writing one slot, under the lock: its fields one after the other, cutting what does
	// not fit. Fields rather than a writer object, so that a line allocates nothing here.

	private int slot;

	private int position;

	private int end;

	private void begin(int slot) {
		this.slot = slot;
		this.position = slot * SLOT_CHARS;
		this.end = this.position + SLOT_CHARS;
	}

	private void put(int field, String source, int from, int to) {
		int start = this.position;
		copy(source, from, to);
		this.lengths[this.slot * FIELDS + field] = (short) (this.position - start);
	}

	private void putKeyValues(String[] keyValues) {
		int start = this.position;
		for (int i = 0; i < keyValues.length; i += 2) {
			if (this.position > start) {
				copy(" ", 0, 1);
			}
			copy(keyValues[i], 0, keyValues[i].length());
			copy("=", 0, 1);
			copy(keyValues[i + 1], 0, keyValues[i + 1].length());
		}
		this.lengths[this.slot * FIELDS + KEY_VALUES] = (short) (this.position - start);
	}

	/**
	 * Keys and values as text, made before the lock is taken: a value's
	 * {@code toString()} is the caller's code, which may be slow or even log.
	 */
	private static String[] keyValues(List<KeyValuePair> pairs) {
		if (pairs == null || pairs.isEmpty()) {
			return NO_KEY_VALUES;
		}
		String[] keyValues = new String[2 * pairs.size()];
		for (int i = 0; i < pairs.size(); i++) {
			keyValues[2 * i] = String.valueOf(pairs.get(i).key);
			keyValues[2 * i + 1] = String.valueOf(pairs.get(i).value);
		}
		return keyValues;
	}

	private void copy(String source, int from, int to) {
		int room = this.end - this.position;
		if (room <= 0 || from >= to) {
			return;
		}
		if (to - from <= room) {
			source.getChars(from, to, this.text, this.position);
			this.position += to - from;
			return;
		}
		// cut: what fits, then the mark in the slot's last character
		source.getChars(from, from + room - 1, this.text, this.position);
		this.position += room - 1;
		this.text[this.position++] = CUT;
	}

	/**
	 * The appender of that name on the root logger or attached inside one of its
	 * appenders, if Logback runs and has one.
	 */
	public static RecentLinesAppender find(String name) {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
			Appender<?> appender = root.getAppender(name);
			// or attached inside another, e.g. fed by BatchingConsoleAppender's writer
			for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); appender == null
					&& it.hasNext();) {
				if (it.next() instanceof AppenderAttachable<?> outer) {
					appender = outer.getAppender(name);
				}
			}
			if (appender instanceof RecentLinesAppender recent) {
				return recent;
			}
		}
		return null;
	}

}
