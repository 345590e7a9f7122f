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

/**
 * The benchmark's report (docs/benchmarks.md with --write-docs): the machine, the
 * targets, the medians.
 */
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
				"| variant | service CPU ms/order, paced [min–max] | without JIT | JIT share | Restate CPU ms/order, paced | system CPU ms/order [min–max] | saturated orders/s | p50 ms | p99 ms | concurrency 1: p50 ms | p99 ms | service max RSS MB |\n"
						+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		this.byVariant.forEach((variant, runs) -> table.append(
				"| %s | %.3f [%.3f–%.3f] | %.3f | %.0f%% | %.2f | %.2f [%.2f–%.2f] | %.1f | %.1f | %.1f | %.2f | %.2f | %.0f |\n"
					.formatted(variant.label(), median(runs, Measurement::serviceCpuMsPerOrder),
							min(runs, Measurement::serviceCpuMsPerOrder), max(runs, Measurement::serviceCpuMsPerOrder),
							median(runs, Measurement::serviceCpuMsPerOrderWithoutJit),
							median(runs, Measurement::jitShare) * 100, median(runs, Measurement::restateCpuMsPerOrder),
							median(runs, Measurement::systemCpuMsPerOrder), min(runs, Measurement::systemCpuMsPerOrder),
							max(runs, Measurement::systemCpuMsPerOrder), median(runs, Measurement::ordersPerSecond),
							median(runs, Measurement::p50), median(runs, Measurement::p99),
							median(runs, Measurement::serialP50), median(runs, Measurement::serialP99),
							runs.stream().mapToDouble(Measurement::rssMb).max().orElse(Double.NaN))));
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

	/**
	 * Each target as the median of per-round ratios (variants of one round ran back to
	 * back), with their range: a gap is resolved when the range does not straddle it.
	 */
	String targets() {
		StringBuilder text = new StringBuilder(
				"| target | median of per-round ratios | range over rounds | |\n|---|---:|---|---|\n");
		if (has(Variant.A) && has(Variant.B)) {
			text.append(ratioRow("(a) service CPU per order at most 1.10 × (b) (primary)", Variant.A, Variant.B,
					Measurement::serviceCpuMsPerOrder, (r) -> r <= 1.10));
			text.append(ratioRow("(a) service CPU per order without the JIT's threads at most 1.10 × (b) (supporting)",
					Variant.A, Variant.B, Measurement::serviceCpuMsPerOrderWithoutJit, (r) -> r <= 1.10));
			text.append(ratioRow("(a) throughput at least 0.95 × (b)", Variant.A, Variant.B,
					Measurement::ordersPerSecond, (r) -> r >= 0.95));
			text.append(ratioRow("(a) p99 at most 1.10 × (b), concurrency " + this.options.concurrency(), Variant.A,
					Variant.B, Measurement::p99, (r) -> r <= 1.10));
		}
		if (has(Variant.A) && has(Variant.B) && has(Variant.E)) {
			text.append(shareRow("split: the order flow's JSON log lines, (a)/(e) service CPU per order", Variant.A,
					Variant.E));
			text.append(shareRow("split: the rest of observability (meters, spans, log context), (e)/(b)", Variant.E,
					Variant.B));
		}
		if (has(Variant.A) && has(Variant.C) && this.options.serial().toSeconds() > 0) {
			text.append(ratioRow("(a) p50 at most 1.10 × (c), concurrency 1", Variant.A, Variant.C,
					Measurement::serialP50, (r) -> r <= 1.10));
			text.append(ratioRow("(a) p99 at most 1.10 × (c), concurrency 1", Variant.A, Variant.C,
					Measurement::serialP99, (r) -> r <= 1.10));
		}
		if (has(Variant.A) && has(Variant.R)) {
			text.append(ratioRow("(a) system CPU per order (service + Restate) at most 0.70 × (r), paced", Variant.A,
					Variant.R, Measurement::systemCpuMsPerOrder, (r) -> r <= 0.70));
			text.append(shareRow("split: Restate's CPU per order, (a)/(r)", Variant.A, Variant.R,
					Measurement::restateCpuMsPerOrder));
			text.append(ratioRow("(a) saturated throughput at least 1.30 × (r)", Variant.A, Variant.R,
					Measurement::ordersPerSecond, (r) -> r >= 1.30));
			if (this.options.serial().toSeconds() > 0) {
				text.append(ratioRow("(a) p50 at concurrency 1 at most 1.00 × (r)", Variant.A, Variant.R,
						Measurement::serialP50, (r) -> r <= 1.00));
				text.append(ratioRow("(a) p99 at concurrency 1 at most 1.00 × (r)", Variant.A, Variant.R,
						Measurement::serialP99, (r) -> r <= 1.00));
			}
		}
		for (Variant service : List.of(Variant.A, Variant.B, Variant.E)) {
			if (has(service)) {
				double rss = this.byVariant.get(service).stream().mapToDouble(Measurement::rssMb).max().orElseThrow();
				text.append("| service RSS under load at most 350 MB, (%s) | %.0f MB (peak) | | %s |\n"
					.formatted(service.name().toLowerCase(), rss, (rss <= 350) ? "met" : "**missed**"));
			}
		}
		return text.toString();
	}

	/**
	 * How much of the machine the hypervisor took while the turns ran ({@code phase}: at
	 * concurrency 1 or paced): beside the ratios, it says whether a round's spread was
	 * the machine's.
	 */
	String hostSteal(ToDoubleFunction<Measurement> phase) {
		double[] steal = this.measurements.stream()
			.mapToDouble(phase)
			.filter((share) -> !Double.isNaN(share))
			.sorted()
			.toArray();
		if (steal.length == 0) {
			// no /proc/stat, or no turns of that kind (--serial 0s)
			return "not measured";
		}
		return "%.0f%% (median; %.0f–%.0f%%)".formatted(median(steal) * 100, steal[0] * 100,
				steal[steal.length - 1] * 100);
	}

	private boolean has(Variant variant) {
		return this.byVariant.containsKey(variant);
	}

	private String ratioRow(String target, Variant numerator, Variant denominator, ToDoubleFunction<Measurement> metric,
			java.util.function.DoublePredicate met) {
		double[] ratios = ratios(numerator, denominator, metric);
		if (ratios.length == 0) {
			return "| %s | no round with both | | |\n".formatted(target);
		}
		double median = median(ratios);
		return "| %s | %.3f | %.3f–%.3f | %s |\n".formatted(target, median, ratios[0], ratios[ratios.length - 1],
				met.test(median) ? "met" : "**missed**");
	}

	/** A ratio that explains a target rather than being one. */
	private String shareRow(String what, Variant numerator, Variant denominator) {
		return shareRow(what, numerator, denominator, Measurement::serviceCpuMsPerOrder);
	}

	private String shareRow(String what, Variant numerator, Variant denominator, ToDoubleFunction<Measurement> metric) {
		double[] ratios = ratios(numerator, denominator, metric);
		if (ratios.length == 0) {
			return "| %s | no round with both | | |\n".formatted(what);
		}
		return "| %s | %.3f | %.3f–%.3f | (not a target) |\n".formatted(what, median(ratios), ratios[0],
				ratios[ratios.length - 1]);
	}

	/** The ratio of the two variants in every round that measured both, sorted. */
	double[] ratios(Variant numerator, Variant denominator, ToDoubleFunction<Measurement> metric) {
		return this.byVariant.get(numerator)
			.stream()
			.flatMap((n) -> this.byVariant.get(denominator)
				.stream()
				.filter((d) -> d.round() == n.round())
				.map((d) -> metric.applyAsDouble(n) / metric.applyAsDouble(d)))
			.mapToDouble(Double::doubleValue)
			.sorted()
			.toArray();
	}

	private static String row(String target, String measured, boolean met) {
		return "| %s | %s | %s |\n".formatted(target, measured, met ? "met" : "**missed**");
	}

	private static double median(List<Measurement> runs, ToDoubleFunction<Measurement> metric) {
		return median(runs.stream().mapToDouble(metric).sorted().toArray());
	}

	private static double median(double[] sorted) {
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	private static double min(List<Measurement> runs, ToDoubleFunction<Measurement> metric) {
		return runs.stream().mapToDouble(metric).min().orElse(Double.NaN);
	}

	private static double max(List<Measurement> runs, ToDoubleFunction<Measurement> metric) {
		return runs.stream().mapToDouble(metric).max().orElse(Double.NaN);
	}

	void write(Path file) throws IOException {
		StringBuilder rounds = new StringBuilder(Measurement.ROW_HEADER);
		this.measurements.stream()
			.sorted(Comparator.comparing(Measurement::variant).thenComparing(Measurement::round))
			.forEach((m) -> rounds.append(m.row()));
		String text = """
				# Benchmarks

				The latest run of `tools/benchmark` (earlier runs: this file's git history); what the numbers mean and
				the findings behind the design: [the analysis](benchmark-analysis.md).

				- %s, %s
				- each variant in its own JVM (`%s`) against its own fresh Restate 1.7.12 configured by
				  `%s` ((r): Restate's defaults), the generator in a third JVM, all valid orders; warmed up at concurrency %d for %d s, then in 15 s steps of every load until the JIT
				  takes under %d%% of the service's CPU (at most %d s)
				- %d rounds; the variants take turns of %d s, the others frozen (SIGSTOP), the pollers of Restate's admin
				  API at %d × their intervals; per variant and round %d s at concurrency 1, %d s at %.0f orders/s (CPU per
				  order) and %d s at concurrency %d (saturated)
				- CPU the hypervisor took for other guests (steal): %s at concurrency 1, %s paced

				Targets, as medians of per-round ratios (a round's variants ran in the same minutes):

				%s
				Medians over rounds (max RSS: the peak):

				%s
				Service CPU per order (ms) at the paced rate, by thread, medians:

				%s
				Every round:

				%s"""
			.formatted(LocalDate.now(), machine(), String.join(" ", ServiceProcess.HEAP),
					this.options.restateConfiguration()
						.stream()
						.map(Path::toString)
						.collect(Collectors.joining("` and `")),
					this.options.concurrency(), this.options.warmup().toSeconds(), this.options.jitQuiet(),
					this.options.maxWarmup().toSeconds(), this.options.rounds(), this.options.serialSlice().toSeconds(),
					this.options.variants().size(), this.options.serial().toSeconds(), this.options.paced().toSeconds(),
					this.options.rate(), this.options.duration().toSeconds(), this.options.concurrency(),
					hostSteal(Measurement::serialHostSteal), hostSteal(Measurement::pacedHostSteal), targets(), table(),
					threads(), rounds);
		Files.createDirectories(file.toAbsolutePath().getParent());
		// the start-up benchmark's section stays
		String startup = DocSections.sectionOf(file, DocSections.STARTUP);
		Files.writeString(file, startup.isEmpty() ? text : DocSections.replace(text, DocSections.STARTUP, startup));
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
