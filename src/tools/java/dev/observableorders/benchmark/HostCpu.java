package dev.observableorders.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU counters from the first line of Linux's {@code /proc/stat}: time
 * busy, idle, and stolen — taken by the hypervisor for other guests while this one had
 * work. On a shared virtual machine steal moved from 0 to 44% within minutes of one run,
 * and every figure of that minute with it, so each round reports it beside its ratios.
 *
 * @param busy user, nice, system, irq and softirq time, in clock ticks
 * @param idle idle and iowait time
 * @param steal time the hypervisor ran something else while this machine wanted a CPU
 */
record HostCpu(long busy, long idle, long steal) {

	/**
	 * No ticks: what a machine without {@code /proc/stat} reads (its share is NaN, not
	 * known), and the start of a sum.
	 */
	static final HostCpu NONE = new HostCpu(0, 0, 0);

	/** Now, or {@link #NONE} where there is no {@code /proc/stat}. */
	static HostCpu read() {
		try {
			return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
		}
		catch (IOException | RuntimeException ex) {
			return NONE;
		}
	}

	/**
	 * The aggregate {@code cpu} line: user nice system idle iowait irq softirq steal …
	 */
	static HostCpu parse(String line) {
		String[] fields = line.trim().split("\\s+");
		if (!fields[0].equals("cpu")) {
			throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + line);
		}
		long[] ticks = new long[8];
		for (int i = 0; i < ticks.length; i++) {
			ticks[i] = (i + 1 < fields.length) ? Long.parseLong(fields[i + 1]) : 0;
		}
		return new HostCpu(ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6], ticks[3] + ticks[4], ticks[7]);
	}

	/**
	 * What passed between {@code earlier} and this reading ({@link #NONE} if either
	 * failed).
	 */
	HostCpu since(HostCpu earlier) {
		if (this.equals(NONE) || earlier.equals(NONE)) {
			return NONE;
		}
		return new HostCpu(this.busy - earlier.busy, this.idle - earlier.idle, this.steal - earlier.steal);
	}

	HostCpu plus(HostCpu other) {
		return new HostCpu(this.busy + other.busy, this.idle + other.idle, this.steal + other.steal);
	}

	/** The stolen share of all the time counted (NaN when nothing was counted). */
	double stealShare() {
		long total = this.busy + this.idle + this.steal;
		return (total > 0) ? (double) this.steal / total : Double.NaN;
	}

}
