package dev.observableorders.benchmark;

import dev.observableorders.traffic.TrafficSummary;
import java.util.Map;

/**
 * One variant in one round: CPU per order at a fixed rate ({@code paced}), throughput and
 * latency at saturation ({@code saturated}), latency at concurrency 1 ({@code serial});
 * the last two measured in turns after the rounds (null until then, and {@code serial}
 * when skipped).
 */
record Measurement(Variant variant, int round, TrafficSummary paced, double serviceCores, double restateCores,
		Map<ProcessMeter.ThreadGroup, Double> serviceCpuShares, TrafficSummary saturated, long serviceMaxRssBytes,
		TrafficSummary serial, long warmupSeconds) {

	/** What the turns after the rounds measured for this variant's round. */
	record InTurns(TrafficSummary saturated, TrafficSummary serial, long serviceMaxRssBytes) {
	}

	/** The same with what the turns after the rounds measured. */
	Measurement with(InTurns turns) {
		return new Measurement(this.variant, this.round, this.paced, this.serviceCores, this.restateCores,
				this.serviceCpuShares, turns.saturated(), Math.max(this.serviceMaxRssBytes, turns.serviceMaxRssBytes()),
				turns.serial(), this.warmupSeconds);
	}

	/** Service CPU per order spent on one group of threads. */
	double serviceCpuMsPerOrder(ProcessMeter.ThreadGroup group) {
		return serviceCpuMsPerOrder() * this.serviceCpuShares.getOrDefault(group, 0.0);
	}

	/** Throughput at saturation (NaN until measured). */
	double ordersPerSecond() {
		return (this.saturated != null) ? this.saturated.ordersPerSecond() : Double.NaN;
	}

	double p50() {
		return (this.saturated != null) ? this.saturated.latencyMs().p50() : Double.NaN;
	}

	double p99() {
		return (this.saturated != null) ? this.saturated.latencyMs().p99() : Double.NaN;
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

	double rssMb() {
		return this.serviceMaxRssBytes / 1024.0 / 1024.0;
	}

	long unexpected() {
		return this.paced.unexpected() + ((this.saturated != null) ? this.saturated.unexpected() : 0)
				+ ((this.serial != null) ? this.serial.unexpected() : 0);
	}

	/** One line of what was measured, without the turns' part until they ran. */
	String line() {
		String line = "%s round %d: warm-up %d s; paced %.0f orders/s: service %.3f ms CPU/order (JIT %.0f%%), Restate %.2f ms CPU/order"
			.formatted(this.variant.label(), this.round, this.warmupSeconds, this.paced.ordersPerSecond(),
					serviceCpuMsPerOrder(), jitShare() * 100, restateCpuMsPerOrder());
		if (this.saturated != null) {
			line += "; saturated %.1f orders/s, p50 %.1f ms, p99 %.1f ms".formatted(ordersPerSecond(), p50(), p99());
		}
		if (this.serial != null) {
			line += "; concurrency 1: p50 %.2f ms, p99 %.2f ms".formatted(serialP50(), serialP99());
		}
		return line + "; max RSS %.0f MB; unexpected %d".formatted(rssMb(), unexpected());
	}

}
