package dev.observableorders.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and peak resident memory of another process over a measured window, from
 * Linux's {@code /proc}.
 */
final class ProcessMeter implements AutoCloseable {

	private final long pid;

	private final Duration cpuAtStart;

	private final long startNanos = System.nanoTime();

	private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "rss-sampler");
		thread.setDaemon(true);
		return thread;
	});

	private volatile long maxRssBytes;

	private final Map<ThreadGroup, Long> ticksAtStart;

	private ProcessMeter(long pid) {
		this.pid = pid;
		this.ticksAtStart = ticksByThreadGroup();
		this.cpuAtStart = cpu();
		this.sampler.scheduleAtFixedRate(this::sampleRss, 0, 250, TimeUnit.MILLISECONDS);
	}

	static ProcessMeter start(long pid) {
		return new ProcessMeter(pid);
	}

	/** CPU time the process used since the start. */
	double cpuSeconds() {
		return cpu().minus(this.cpuAtStart).toNanos() / 1e9;
	}

	double wallSeconds() {
		return (System.nanoTime() - this.startNanos) / 1e9;
	}

	/**
	 * Each thread group's share of the CPU used since the start, from the per-thread
	 * counters in {@code /proc/<pid>/task}. Threads that ended in between are missing, so
	 * this is a breakdown, not a total.
	 */
	Map<ThreadGroup, Double> cpuShares() {
		Map<ThreadGroup, Long> now = ticksByThreadGroup();
		Map<ThreadGroup, Long> used = new EnumMap<>(ThreadGroup.class);
		for (ThreadGroup group : ThreadGroup.values()) {
			used.put(group, Math.max(0, now.getOrDefault(group, 0L) - this.ticksAtStart.getOrDefault(group, 0L)));
		}
		long total = used.values().stream().mapToLong(Long::longValue).sum();
		Map<ThreadGroup, Double> shares = new EnumMap<>(ThreadGroup.class);
		used.forEach((group, ticks) -> shares.put(group, (total > 0) ? (double) ticks / total : 0));
		return shares;
	}

	private Map<ThreadGroup, Long> ticksByThreadGroup() {
		Map<ThreadGroup, Long> ticks = new EnumMap<>(ThreadGroup.class);
		try (DirectoryStream<Path> tasks = Files
			.newDirectoryStream(Path.of("/proc", String.valueOf(this.pid), "task"))) {
			for (Path task : tasks) {
				try {
					String name = Files.readString(task.resolve("comm")).trim();
					String stat = Files.readString(task.resolve("stat"));
					// fields after the parenthesised name; utime and stime are the 14th
					// and 15th
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
					ticks.merge(ThreadGroup.of(name), used, Long::sum);
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended while we looked
				}
			}
		}
		catch (IOException ex) {
			// the process ended: no breakdown
		}
		return ticks;
	}

	/** Where a JVM running a Restate endpoint spends CPU, by thread name. */
	enum ThreadGroup {

		/**
		 * the SDK's handler executor (a cached thread pool): handler code, serde, logging
		 * calls
		 */
		HANDLERS("handler threads"),
		/** Vert.x: HTTP/2 to Restate, the SDK's protocol state machine */
		EVENT_LOOP("HTTP/2 event loop"),
		/** C1/C2: code still being compiled in the measured window */
		JIT("JIT compiler"), GC("GC"),
		/** exporters, schedulers, Spring, the JVM's own */
		OTHER("other");

		final String label;

		ThreadGroup(String label) {
			this.label = label;
		}

		static ThreadGroup of(String threadName) {
			if (threadName.startsWith("pool-")) {
				return HANDLERS;
			}
			if (threadName.startsWith("vert.x-eventloo")) {
				return EVENT_LOOP;
			}
			if (threadName.contains("CompilerThre")) {
				return JIT;
			}
			if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
				return GC;
			}
			return OTHER;
		}

	}

	long maxRssBytes() {
		return this.maxRssBytes;
	}

	private Duration cpu() {
		return ProcessHandle.of(this.pid)
			.flatMap((process) -> process.info().totalCpuDuration())
			.orElseThrow(() -> new IllegalStateException("No CPU time for process " + this.pid + " (Linux only)"));
	}

	private void sampleRss() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(this.pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
					this.maxRssBytes = Math.max(this.maxRssBytes, kb * 1024);
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// the process ended: the peak so far stands
		}
	}

	@Override
	public void close() {
		this.sampler.shutdownNow();
	}

}
