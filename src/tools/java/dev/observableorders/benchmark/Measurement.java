package dev.observableorders.benchmark;

import dev.observableorders.traffic.TrafficSummary;
import java.util.Map;

/**
 * One variant in one round: CPU per order at a fixed rate ({@code paced}), throughput and
 * latency at saturation ({@code saturated}), latency at concurrency 1 ({@code serial},
 * null when skipped), and the share of the machine's CPU the hypervisor took while this
 * variant's paced turns ran ({@code pacedHostSteal}) and its turns at concurrency 1
 * ({@code serialHostSteal}); NaN where not known (see {@link HostCpu}).
 */
record Measurement(Variant variant, int round, TrafficSummary paced, double serviceCores, double restateCores,
		Map<ProcessMeter.ThreadGroup, Double> serviceCpuShares, TrafficSummary saturated, long serviceMaxRssBytes,
		TrafficSummary serial, long warmupSeconds, double pacedHostSteal, double serialHostSteal) {

	/** Service CPU per order spent on one group of threads. */
	double serviceCpuMsPerOrder(ProcessMeter.ThreadGroup group) {
		return serviceCpuMsPerOrder() * this.serviceCpuShares.getOrDefault(group, 0.0);
	}

	double ordersPerSecond() {
		return this.saturated.ordersPerSecond();
	}

	double p50() {
		return this.saturated.latencyMs().p50();
	}

	double p99() {
		return this.saturated.latencyMs().p99();
	}

	/** Latency at concurrency 1 (NaN when not measured). */
	double serialP50() {
		return (this.serial != null) ? this.serial.latencyMs().p50() : Double.NaN;
	}

	double serialP99() {
		return (this.serial != null) ? this.serial.latencyMs().p99() : Double.NaN;
	}

	/** The JIT compiler's share of the service's CPU in the paced window. */
	double jitShare() {
		return this.serviceCpuShares.getOrDefault(ProcessMeter.ThreadGroup.JIT, 0.0);
	}

	/** Service CPU per order at the paced rate: the primary figure. */
	double serviceCpuMsPerOrder() {
		return this.serviceCores / this.paced.ordersPerSecond() * 1000;
	}

	/** The same without the JIT compiler's threads: what a long-running instance pays. */
	double serviceCpuMsPerOrderWithoutJit() {
		return serviceCpuMsPerOrder() * (1 - jitShare());
	}

	double restateCpuMsPerOrder() {
		return this.restateCores / this.paced.ordersPerSecond() * 1000;
	}

	/** What an order costs the machine at the paced rate: the service and its Restate. */
	double systemCpuMsPerOrder() {
		return serviceCpuMsPerOrder() + restateCpuMsPerOrder();
	}

	double rssMb() {
		return this.serviceMaxRssBytes / 1024.0 / 1024.0;
	}

	long unexpected() {
		return this.paced.unexpected() + this.saturated.unexpected()
				+ ((this.serial != null) ? this.serial.unexpected() : 0);
	}

	String line() {
		return "%s round %d: warm-up %d s; paced %.0f orders/s: service %.3f ms CPU/order (JIT %.0f%%), Restate %.2f ms CPU/order; saturated %.1f orders/s, p50 %.1f ms, p99 %.1f ms; concurrency 1: p50 %.2f ms, p99 %.2f ms; max RSS %.0f MB; unexpected %d; host steal at concurrency 1 %s, paced %s"
			.formatted(this.variant.label(), this.round, this.warmupSeconds, this.paced.ordersPerSecond(),
					serviceCpuMsPerOrder(), jitShare() * 100, restateCpuMsPerOrder(), ordersPerSecond(), p50(), p99(),
					serialP50(), serialP99(), rssMb(), unexpected(), percent(this.serialHostSteal),
					percent(this.pacedHostSteal));
	}

	/** The report's row of this turn-taking round: {@link #ROW_HEADER}'s columns. */
	String row() {
		return "| (%s) | %d | %d | %.0f | %.3f | %.2f | %.2f | %.1f | %.1f | %.1f | %.2f | %.2f | %.0f | %d | %s / %s |\n"
			.formatted(this.variant.name().toLowerCase(), this.round, this.warmupSeconds, this.paced.ordersPerSecond(),
					serviceCpuMsPerOrder(), restateCpuMsPerOrder(), systemCpuMsPerOrder(), ordersPerSecond(), p50(),
					p99(), serialP50(), serialP99(), rssMb(), unexpected(), percent(this.serialHostSteal),
					percent(this.pacedHostSteal));
	}

	static final String ROW_HEADER = """
			| variant | round | warm-up s | paced orders/s | service CPU ms/order | Restate CPU ms/order | system CPU ms/order | saturated orders/s | p50 ms | p99 ms | concurrency 1 p50 ms | p99 ms | max RSS MB | unexpected | host steal, concurrency 1 / paced |
			|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
			""";

	/** As the report says it: a share not read (NaN) is "not measured", not "NaN%". */
	private static String percent(double share) {
		return Double.isNaN(share) ? "not measured" : "%.0f%%".formatted(share * 100);
	}

}
