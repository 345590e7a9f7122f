package dev.observableorders.traffic;

import java.io.PrintStream;
import org.HdrHistogram.Histogram;

/**
 * The live progress line: rewritten in place on a terminal, one line every five seconds
 * in a log (CI).
 */
final class ProgressLine {

	private final PrintStream out;

	private final boolean enabled;

	private final boolean terminal = System.console() != null;

	private long lastLineSecond = -1;

	private long lastDone;

	private double lastSeconds;

	ProgressLine(PrintStream out, boolean enabled) {
		this.out = out;
		this.enabled = enabled;
	}

	void show(double seconds, long sent, long done, long unexpected, Histogram latency) {
		if (!this.enabled) {
			return;
		}
		long second = (long) seconds;
		if (!this.terminal && (second % 5 != 0 || second == this.lastLineSecond)) {
			return;
		}
		this.lastLineSecond = second;
		double rate = (done - this.lastDone) / Math.max(0.001, seconds - this.lastSeconds);
		this.lastDone = done;
		this.lastSeconds = seconds;
		String line = "[%4ds] sent %d  answered %d  unexpected %d  %.0f orders/s  p50 %.1f ms  p99 %.1f ms".formatted(
				second, sent, done, unexpected, rate, latency.getValueAtPercentile(50) / 1000.0,
				latency.getValueAtPercentile(99) / 1000.0);
		this.out.print(this.terminal ? "\r" + line + "   " : line + System.lineSeparator());
		this.out.flush();
	}

	void finish(double seconds, long sent, long done, long unexpected, Histogram latency) {
		if (this.enabled && this.terminal) {
			show(seconds, sent, done, unexpected, latency);
			this.out.println();
		}
	}

}
