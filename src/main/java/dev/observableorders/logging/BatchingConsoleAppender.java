package dev.observableorders.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.util.Duration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.event.KeyValuePair;

/**
 * Writes log lines to stdout with one {@code write(2)} per batch instead of one per line,
 * and encodes them on its own thread rather than on the thread that logs.
 *
 * <p>
 * Logback's {@code ConsoleAppender} encodes and flushes every event on the caller's
 * thread. Under load that system call was the largest single cost of logging on Restate's
 * handler threads, and once it was batched, encoding the five JSON lines of an order was
 * the whole of what observability still added there: about 16 µs a line on a handler
 * thread whose caches the order flow had just filled, against 1–2 µs in a loop that does
 * nothing else (see {@code docs/benchmark-analysis.md}, Finding 9). So the caller only
 * fixes what the line will say ({@link ILoggingEvent#prepareForDeferredProcessing()}: the
 * formatted message, the thread name, the MDC as it is now) and hands the event over; one
 * writer thread encodes whatever has accumulated within {@link #setLinger linger} (100
 * ms) of the first event and writes it with one call. Lines are written whole and in the
 * order they were appended, and {@link #stop()} writes what is left. The price: lines
 * reach stdout up to 100 ms late, a process killed with {@code kill -9} loses at most
 * those, and, as with Logback's {@code AsyncAppender}, an argument or key-value pair that
 * is changed after it was logged may be written as it is when encoded (ours are immutable
 * values). Appenders attached inside it get the lines on the writer thread too, after
 * encoding ({@link #addAppender}).
 *
 * <p>
 * Logging never stalls the service: when stdout does not keep up (a blocked pipe, a slow
 * collector) and the events waiting to be written reach {@link #setMaxBufferedBytes
 * maxBufferedBytes} (1 MiB, estimated as their text plus {@value #FIXED_FIELDS_BYTES}
 * bytes each for the fixed fields), a caller waits at most {@link #setMaxWait maxWait}
 * (100 ms), then its line is dropped and counted ({@code logging_lines_dropped_total}),
 * and a WARN line says how many were dropped once stdout takes lines again. A line larger
 * than {@link #setMaxLineBytes maxLineBytes} (32 KiB) is written with its message cut and
 * without its stack trace or key-value pairs ({@code logging_lines_truncated_total}); an
 * event the encoder fails on is reported to Logback's status and costs only its own line.
 * After a burst the buffers shrink back, so memory stays bounded by the limits.
 */
public class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
		implements AppenderAttachable<ILoggingEvent> {

	private static final Duration STOP_TIMEOUT = Duration.buildBySeconds(5);

	private static final int INITIAL_BUFFER = 64 * 1024;

	/**
	 * What a line costs beyond its text, for the buffer's estimate: the timestamp, level,
	 * logger, thread and service fields with their names and JSON punctuation (about 200
	 * bytes in our lines), and the event object that carries them until it is written.
	 */
	static final int FIXED_FIELDS_BYTES = 256;

	/** What a stack trace adds to the estimate per frame. */
	private static final int FRAME_BYTES = 100;

	/** Lines dropped by every instance since start (read by {@link LoggingMetrics}). */
	static final AtomicLong DROPPED = new AtomicLong();

	/** Lines truncated by every instance since start (read by {@link LoggingMetrics}). */
	static final AtomicLong TRUNCATED = new AtomicLong();

	private final Object lock = new Object();

	private final OutputStream out;

	private Encoder<ILoggingEvent> encoder;

	private int maxBufferedBytes = 1024 * 1024;

	private Duration linger = Duration.buildByMilliseconds(100);

	private Duration maxWait = Duration.buildByMilliseconds(100);

	private int maxLineBytes = 32 * 1024;

	/** Events handed over and not yet taken by the writer; guarded by {@link #lock}. */
	private List<ILoggingEvent> pending = new ArrayList<>();

	/** Estimated size of {@link #pending} as written; guarded by {@link #lock}. */
	private long pendingBytes;

	/** The batch the writer is encoding: the writer's alone. */
	private List<ILoggingEvent> writing = new ArrayList<>();

	/** The encoded batch: the writer's alone. */
	private ByteArrayOutputStream encoded = new ByteArrayOutputStream(INITIAL_BUFFER);

	/** Dropped since the last WARN about it; guarded by {@link #lock}. */
	private long droppedUnreported;

	private boolean writerIdle;

	private Thread writer;

	/** Appenders that get each line on the writer thread once it is encoded. */
	private final AppenderAttachableImpl<ILoggingEvent> followers = new AppenderAttachableImpl<>();

	public BatchingConsoleAppender() {
		this(new CurrentSystemOut());
	}

	BatchingConsoleAppender(OutputStream out) {
		this.out = out;
	}

	public void setEncoder(Encoder<ILoggingEvent> encoder) {
		this.encoder = encoder;
	}

	/**
	 * How long a caller waits for room when the buffer is full before its line is dropped
	 * (default 100 ms; in XML e.g. {@code 100 milliseconds}).
	 */
	public void setMaxWait(Duration maxWait) {
		this.maxWait = maxWait;
	}

	/** Longer lines are written with their message cut (default 32 KiB). */
	public void setMaxLineBytes(int maxLineBytes) {
		this.maxLineBytes = maxLineBytes;
	}

	/**
	 * Above this many unwritten bytes (estimated before encoding: the text of message,
	 * MDC, key-value pairs and stack trace, plus {@value #FIXED_FIELDS_BYTES} a line),
	 * callers wait for the writer, then drop (default 1 MiB).
	 */
	public void setMaxBufferedBytes(int maxBufferedBytes) {
		this.maxBufferedBytes = maxBufferedBytes;
	}

	/**
	 * How long the writer waits after the first line of a batch for more (default 100 ms;
	 * in XML e.g. {@code 100 milliseconds}): the longest a line waits to be written, and
	 * the window of lines lost if the process is killed. Each batch costs the writer a
	 * wake-up and an encoder whose caches the handlers have since filled, so a longer
	 * linger costs less CPU per line (Finding 14 in {@code docs/benchmark-analysis.md}).
	 */
	public void setLinger(Duration linger) {
		this.linger = linger;
	}

	@Override
	public void start() {
		if (this.encoder == null) {
			addError("No encoder set for the appender named [" + this.name + "].");
			return;
		}
		if (!this.encoder.isStarted()) {
			this.encoder.start();
		}
		this.writer = new Thread(this::writeBatches, "log-writer-" + this.name);
		this.writer.setDaemon(true);
		super.start();
		this.writer.start();
	}

	@Override
	protected void append(ILoggingEvent event) {
		// what the line says is fixed now; encoding it is the writer's work
		event.prepareForDeferredProcessing();
		long size = estimatedBytes(event);
		synchronized (this.lock) {
			long deadline = System.nanoTime() + this.maxWait.getMilliseconds() * 1_000_000;
			while (this.pendingBytes + size > this.maxBufferedBytes && !this.pending.isEmpty()
					&& this.writer.isAlive()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					DROPPED.incrementAndGet();
					this.droppedUnreported++;
					return;
				}
				if (!waitOnLock(left)) {
					// interrupted: keep the line, over the limit, rather than lose it
					break;
				}
			}
			this.pending.add(event);
			this.pendingBytes += size;
			// wake an idle writer, or a lingering one once the buffer is half full
			if (this.writerIdle || this.pendingBytes >= this.maxBufferedBytes / 2) {
				this.lock.notifyAll();
			}
		}
	}

	@Override
	public void stop() {
		if (!isStarted()) {
			return;
		}
		super.stop();
		synchronized (this.lock) {
			this.lock.notifyAll();
		}
		try {
			this.writer.join(STOP_TIMEOUT.getMilliseconds());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// as Logback's AsyncAppender: what is attached here lives and ends with it
		this.followers.detachAndStopAllAppenders();
	}

	/**
	 * Attaches an appender ({@code <appender-ref>} inside this one) that gets each line
	 * on the writer thread, after it is encoded, instead of on the caller's: for
	 * in-memory sinks such as {@link RecentLinesAppender}. It sees the lines stdout gets,
	 * in order (not those dropped when the buffer is full), up to {@link #setLinger
	 * linger} later.
	 */
	@Override
	public void addAppender(Appender<ILoggingEvent> appender) {
		this.followers.addAppender(appender);
	}

	@Override
	public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
		return this.followers.iteratorForAppenders();
	}

	@Override
	public Appender<ILoggingEvent> getAppender(String name) {
		return this.followers.getAppender(name);
	}

	@Override
	public boolean isAttached(Appender<ILoggingEvent> appender) {
		return this.followers.isAttached(appender);
	}

	@Override
	public void detachAndStopAllAppenders() {
		this.followers.detachAndStopAllAppenders();
	}

	@Override
	public boolean detachAppender(Appender<ILoggingEvent> appender) {
		return this.followers.detachAppender(appender);
	}

	@Override
	public boolean detachAppender(String name) {
		return this.followers.detachAppender(name);
	}

	private void writeBatches() {
		while (true) {
			long dropped;
			synchronized (this.lock) {
				while (this.pending.isEmpty() && isStarted()) {
					this.writerIdle = true;
					if (!waitOnLock()) {
						return;
					}
				}
				this.writerIdle = false;
				if (this.pending.isEmpty()) {
					return;
				}
				long deadline = System.nanoTime() + this.linger.getMilliseconds() * 1_000_000;
				long left;
				while (isStarted() && this.pendingBytes < this.maxBufferedBytes / 2
						&& (left = deadline - System.nanoTime()) > 0) {
					// callers do not wake a lingering writer: no wake-up per line
					if (!waitOnLock(left)) {
						return;
					}
				}
				List<ILoggingEvent> batch = this.pending;
				this.pending = this.writing;
				this.writing = batch;
				this.pendingBytes = 0;
				dropped = this.droppedUnreported;
				this.droppedUnreported = 0;
				// callers waiting for room can go on
				this.lock.notifyAll();
			}
			if (dropped > 0) {
				// stdout took the last batch: say what it missed
				encode(droppedNotice(dropped));
			}
			for (ILoggingEvent event : this.writing) {
				encode(event);
				// an appender's failure is reported by its doAppend, never thrown here
				this.followers.appendLoopOnAppenders(event);
			}
			// a burst's capacity is not kept: memory returns to the initial sizes
			if (this.writing.size() > INITIAL_BUFFER / FIXED_FIELDS_BYTES) {
				this.writing = new ArrayList<>();
			}
			else {
				this.writing.clear();
			}
			try {
				this.encoded.writeTo(this.out);
				this.out.flush();
			}
			catch (IOException ex) {
				addError("Cannot write log lines", ex);
			}
			if (this.encoded.size() > 4 * INITIAL_BUFFER) {
				this.encoded = new ByteArrayOutputStream(INITIAL_BUFFER);
			}
			else {
				this.encoded.reset();
			}
		}
	}

	/**
	 * An encoder that fails on one event costs that line, not the batch or the writer.
	 */
	private void encode(ILoggingEvent event) {
		try {
			this.encoded.writeBytes(encodeAtMostMaxLineBytes(event));
		}
		catch (RuntimeException ex) {
			addError("Cannot encode a log line of " + event.getLoggerName(), ex);
		}
	}

	/**
	 * What a line will take, before it is encoded: its text (message, MDC, key-value
	 * pairs, stack trace) and the fixed fields. It need not be exact, only proportionate,
	 * so that {@code maxBufferedBytes} bounds memory.
	 */
	static long estimatedBytes(ILoggingEvent event) {
		long size = FIXED_FIELDS_BYTES + String.valueOf(event.getFormattedMessage()).length();
		for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
			size += entry.getKey().length() + String.valueOf(entry.getValue()).length() + 6;
		}
		List<KeyValuePair> keyValuePairs = event.getKeyValuePairs();
		if (keyValuePairs != null) {
			for (KeyValuePair pair : keyValuePairs) {
				size += String.valueOf(pair.key).length() + 32;
			}
		}
		for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
			size += FIXED_FIELDS_BYTES + cause.getStackTraceElementProxyArray().length * FRAME_BYTES;
		}
		return size;
	}

	/**
	 * The encoded line, or, when it is longer than {@code maxLineBytes}, the same event
	 * with its message cut and without stack trace and key-value pairs.
	 */
	private byte[] encodeAtMostMaxLineBytes(ILoggingEvent event) {
		byte[] line = this.encoder.encode(event);
		if (line.length <= this.maxLineBytes) {
			return line;
		}
		TRUNCATED.incrementAndGet();
		String message = String.valueOf(event.getFormattedMessage());
		String cut = message.substring(0, Math.min(message.length(), this.maxLineBytes / 8))
				+ " … [truncated: the line had " + line.length + " bytes"
				+ ((event.getThrowableProxy() != null) ? ", with a " + event.getThrowableProxy().getClassName() : "")
				+ "]";
		byte[] truncated = this.encoder.encode(copy(event, cut, true));
		return (truncated.length <= this.maxLineBytes) ? truncated : this.encoder.encode(copy(event, cut, false));
	}

	private ILoggingEvent droppedNotice(long dropped) {
		return new LoggingEvent(BatchingConsoleAppender.class.getName(),
				((LoggerContext) getContext()).getLogger(BatchingConsoleAppender.class), Level.WARN,
				"Dropped " + dropped + " log lines: stdout did not take them within " + this.maxWait, null, null);
	}

	private LoggingEvent copy(ILoggingEvent event, String message, boolean withContext) {
		LoggingEvent copy = new LoggingEvent(BatchingConsoleAppender.class.getName(),
				((LoggerContext) getContext()).getLogger(event.getLoggerName()), event.getLevel(), message, null, null);
		copy.setTimeStamp(event.getTimeStamp());
		copy.setThreadName(event.getThreadName());
		if (withContext) {
			copy.setMDCPropertyMap(event.getMDCPropertyMap());
		}
		return copy;
	}

	/**
	 * Whether to keep waiting: an interrupted caller stops waiting and its line is kept
	 * anyway, over the limit, rather than lost.
	 */
	private boolean waitOnLock() {
		return waitOnLock(0);
	}

	private boolean waitOnLock(long nanos) {
		try {
			this.lock.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * {@code System.out} as it is at each write, as Logback's console appender does, so
	 * that whoever replaces it (a test's output capture) sees the lines. It flushes on
	 * every write: one system call per batch.
	 */
	private static final class CurrentSystemOut extends OutputStream {

		@Override
		public void write(int b) {
			System.out.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			System.out.write(b, off, len);
		}

		@Override
		public void flush() {
			System.out.flush();
		}

	}

}
