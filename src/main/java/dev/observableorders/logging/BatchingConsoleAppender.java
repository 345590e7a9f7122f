package dev.observableorders.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.util.Duration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes log lines to stdout with one {@code write(2)} per batch instead of one per line.
 *
 * <p>
 * Logback's {@code ConsoleAppender} flushes every event, and under load that system call
 * was the largest single cost of logging on Restate's handler threads (see
 * {@code docs/benchmarks.md}). Here the caller encodes its line, as before, and appends
 * it to a buffer; one writer thread writes whatever has accumulated within
 * {@link #setLinger linger} (20 ms) of the first line, with one call. Nothing is dropped:
 * a caller waits when the buffer is full, and {@link #stop()} writes what is left. Lines
 * are written whole and in the order they were appended. The price: lines reach stdout up
 * to 20 ms late, and a process killed with {@code kill -9} loses at most those.
 */
public class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	private static final Duration STOP_TIMEOUT = Duration.buildBySeconds(5);

	private final Object lock = new Object();

	private final OutputStream out;

	private Encoder<ILoggingEvent> encoder;

	private int maxBufferedBytes = 1024 * 1024;

	private Duration linger = Duration.buildByMilliseconds(20);

	private ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);

	private ByteArrayOutputStream writing = new ByteArrayOutputStream(64 * 1024);

	private boolean writerIdle;

	private Thread writer;

	public BatchingConsoleAppender() {
		this(new CurrentSystemOut());
	}

	BatchingConsoleAppender(OutputStream out) {
		this.out = out;
	}

	public void setEncoder(Encoder<ILoggingEvent> encoder) {
		this.encoder = encoder;
	}

	/** Above this many unwritten bytes, callers wait for the writer (default 1 MiB). */
	public void setMaxBufferedBytes(int maxBufferedBytes) {
		this.maxBufferedBytes = maxBufferedBytes;
	}

	/**
	 * How long the writer waits after the first line of a batch for more (default 20 ms;
	 * in XML e.g. {@code 20 milliseconds}): the longest a line waits to be written, and
	 * the window of lines lost if the process is killed.
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
		byte[] line = this.encoder.encode(event);
		synchronized (this.lock) {
			while (this.pending.size() + line.length > this.maxBufferedBytes && this.pending.size() > 0
					&& this.writer.isAlive() && waitOnLock()) {
				// the writer frees the buffer
			}
			this.pending.writeBytes(line);
			// wake an idle writer, or a lingering one once the buffer is half full
			if (this.writerIdle || this.pending.size() >= this.maxBufferedBytes / 2) {
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
	}

	private void writeBatches() {
		while (true) {
			synchronized (this.lock) {
				while (this.pending.size() == 0 && isStarted()) {
					this.writerIdle = true;
					if (!waitOnLock()) {
						return;
					}
				}
				this.writerIdle = false;
				if (this.pending.size() == 0) {
					return;
				}
				long deadline = System.nanoTime() + this.linger.getMilliseconds() * 1_000_000;
				long left;
				while (isStarted() && this.pending.size() < this.maxBufferedBytes / 2
						&& (left = deadline - System.nanoTime()) > 0) {
					// callers do not wake a lingering writer: no wake-up per line
					if (!waitOnLock(left)) {
						return;
					}
				}
				ByteArrayOutputStream batch = this.pending;
				this.pending = this.writing;
				this.writing = batch;
				// callers waiting for room can go on
				this.lock.notifyAll();
			}
			try {
				this.writing.writeTo(this.out);
				this.out.flush();
			}
			catch (IOException ex) {
				addError("Cannot write log lines", ex);
			}
			this.writing.reset();
		}
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
