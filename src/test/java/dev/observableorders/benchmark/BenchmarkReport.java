package dev.observableorders.benchmark;

import dev.observableorders.support.ServiceProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** {@code docs/benchmarks.md}: the machine, the medians per variant, the targets. */
final class BenchmarkReport {

	private final Benchmark.Options options;

	private final List<Measurement> measurements;

	private final Map<Variant, List<Measurement>> byVariant;

	BenchmarkReport(Benchmark.Options options, List<Measurement> measurements) {
		this.options = options;
		this.measurements = measurements;
		this.byVariant = measurements.stream()
			.collect(Collectors.groupingBy(Measurement::variant, () -> new EnumMap<>(Variant.class),
					Collectors.toList()));
	}

	String table() {
		StringBuilder table = new StringBuilder(
				"| variant | orders/s | p50 ms | p99 ms | service CPU (cores) | service CPU ms/order | service max RSS MB | Restate CPU (cores) | Restate CPU ms/order |\n"
						+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		this.byVariant.forEach((variant,
				runs) -> table.append("| %s | %.1f | %.1f | %.1f | %.2f | %.2f | %.0f | %.2f | %.2f |\n".formatted(
						variant.label(), median(runs, Measurement::ordersPerSecond), median(runs, Measurement::p50),
						median(runs, Measurement::p99), median(runs, Measurement::serviceCores),
						median(runs, Measurement::serviceCpuMsPerOrder),
						runs.stream().mapToDouble(Measurement::rssMb).max().orElse(Double.NaN),
						median(runs, Measurement::restateCores), median(runs, Measurement::restateCpuMsPerOrder))));
		return table.toString();
	}

	/**
	 * Service CPU per order by thread group: where the difference between variants is.
	 */
	String threads() {
		StringBuilder table = new StringBuilder("| variant |");
		StringBuilder rule = new StringBuilder("|---|");
		for (ProcessMeter.ThreadGroup group : ProcessMeter.ThreadGroup.values()) {
			table.append(' ').append(group.label).append(" |");
			rule.append("---:|");
		}
		table.append('\n').append(rule).append('\n');
		this.byVariant.forEach((variant, runs) -> {
			table.append("| ").append(variant.label()).append(" |");
			for (ProcessMeter.ThreadGroup group : ProcessMeter.ThreadGroup.values()) {
				table.append(" %.2f |".formatted(median(runs, (m) -> m.serviceCpuMsPerOrder(group))));
			}
			table.append('\n');
		});
		return table.toString();
	}

	String targets() {
		StringBuilder text = new StringBuilder("| target | measured | |\n|---|---|---|\n");
		if (has(Variant.A) && has(Variant.B)) {
			double throughput = ratio(Variant.A, Variant.B, Measurement::ordersPerSecond);
			double p99 = ratio(Variant.A, Variant.B, Measurement::p99);
			text.append(row("(a) throughput within 5% of (b)", "%.1f%% of (b)".formatted(throughput * 100),
					throughput >= 0.95));
			text.append(row("(a) p99 within 10% of (b)", "%.1f%% of (b)".formatted(p99 * 100), p99 <= 1.10));
			double cpu = ratio(Variant.A, Variant.B, Measurement::serviceCpuMsPerOrder);
			text.append(row("(a) service CPU per order within 5% of (b) (supporting: steadier than throughput)",
					"%.1f%% of (b)".formatted(cpu * 100), cpu <= 1.05));
		}
		if (has(Variant.B) && has(Variant.C)) {
			double bOverC = ratio(Variant.B, Variant.C, Measurement::ordersPerSecond);
			text.append(row("(b) at least 95% of (c) in throughput", "%.1f%%".formatted(bOverC * 100), bOverC >= 0.95));
		}
		for (Variant service : List.of(Variant.A, Variant.B)) {
			if (has(service)) {
				double rss = this.byVariant.get(service).stream().mapToDouble(Measurement::rssMb).max().orElseThrow();
				text.append(row("service RSS under load at most 350 MB, (" + service.name().toLowerCase() + ")",
						"%.0f MB".formatted(rss), rss <= 350));
			}
		}
		return text.toString();
	}

	private boolean has(Variant variant) {
		return this.byVariant.containsKey(variant);
	}

	private double ratio(Variant numerator, Variant denominator, ToDoubleFunction<Measurement> metric) {
		return median(this.byVariant.get(numerator), metric) / median(this.byVariant.get(denominator), metric);
	}

	private static String row(String target, String measured, boolean met) {
		return "| %s | %s | %s |\n".formatted(target, measured, met ? "met" : "**missed**");
	}

	private static double median(List<Measurement> runs, ToDoubleFunction<Measurement> metric) {
		double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
		int n = values.length;
		return (n % 2 == 1) ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
	}

	void write(Path file) throws IOException {
		StringBuilder raw = new StringBuilder();
		this.measurements.stream()
			.sorted(Comparator.comparing(Measurement::variant).thenComparing(Measurement::round))
			.forEach((m) -> raw.append("- ").append(m.line()).append('\n'));
		String text = """
				# Benchmarks

				Generated by `./mvnw -q -DskipTests package exec:exec@benchmark` (see [How to repeat](#how-to-repeat)); the
				[analysis](#analysis) below the tables is written by hand and kept in `docs/benchmark-analysis.md`.

				## Latest run

				- date: %s
				- machine: %s
				- settings: %d s warm-up, then %d s measured per variant and round, concurrency %d, %d rounds (variants
				  interleaved), all valid orders, each variant in its own JVM (`%s`) against a fresh Restate 1.7.12
				  server on the same machine, the load generator in a third JVM on the same machine

				Medians over rounds (max RSS: the peak over rounds):

				%s
				Service CPU per order (ms) by thread, medians:

				%s
				Targets:

				%s
				Every run:

				%s
				"""
			.formatted(LocalDate.now(), machine(), this.options.warmup().toSeconds(),
					this.options.duration().toSeconds(), this.options.concurrency(), this.options.rounds(),
					ServiceProcess.HEAP, table(), threads(), targets(), raw);
		Path analysis = file.resolveSibling("benchmark-analysis.md");
		if (Files.exists(analysis)) {
			text += "\n" + Files.readString(analysis);
		}
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, text);
	}

	private static String machine() {
		String cpu = "unknown CPU";
		String memory = "";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.findFirst()
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.orElse(cpu);
			memory = Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((line) -> line.startsWith("MemTotal"))
				.findFirst()
				.map((line) -> ", %.0f GiB".formatted(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
				.orElse("");
		}
		catch (IOException ex) {
			// not Linux: the CPU stays unknown
		}
		return "%d cores (%s)%s, %s %s, Java %s".formatted(Runtime.getRuntime().availableProcessors(), cpu, memory,
				System.getProperty("os.name"), System.getProperty("os.version"),
				ManagementFactory.getRuntimeMXBean().getVmVersion());
	}

}
