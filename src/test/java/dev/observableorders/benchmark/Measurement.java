package dev.observableorders.benchmark;

import dev.observableorders.traffic.TrafficSummary;
import java.util.Map;

/** One variant in one round. */
record Measurement(Variant variant, int round, TrafficSummary traffic, double serviceCores, double restateCores,
		long serviceMaxRssBytes, Map<ProcessMeter.ThreadGroup, Double> serviceCpuShares, TrafficSummary serial) {

	/** Service CPU per order spent on one group of threads. */
	double serviceCpuMsPerOrder(ProcessMeter.ThreadGroup group) {
		return serviceCpuMsPerOrder() * this.serviceCpuShares.getOrDefault(group, 0.0);
	}

	double ordersPerSecond() {
		return this.traffic.ordersPerSecond();
	}

	double p50() {
		return this.traffic.latencyMs().p50();
	}

	double p99() {
		return this.traffic.latencyMs().p99();
	}

	/** Latency at concurrency 1 (NaN when not measured). */
	double serialP50() {
		return (this.serial != null) ? this.serial.latencyMs().p50() : Double.NaN;
	}

	double serialP99() {
		return (this.serial != null) ? this.serial.latencyMs().p99() : Double.NaN;
	}

	/** The JIT compiler's share of the service's CPU in the measured window. */
	double jitShare() {
		return this.serviceCpuShares.getOrDefault(ProcessMeter.ThreadGroup.JIT, 0.0);
	}

	/**
	 * Service CPU per order: steadier than throughput on a saturated machine, where the
	 * generator, Restate and the service compete for the same cores.
	 */
	double serviceCpuMsPerOrder() {
		return this.serviceCores / ordersPerSecond() * 1000;
	}

	double restateCpuMsPerOrder() {
		return this.restateCores / ordersPerSecond() * 1000;
	}

	double rssMb() {
		return this.serviceMaxRssBytes / 1024.0 / 1024.0;
	}

	String line() {
		return "%s round %d: %.1f orders/s, p50 %.1f ms, p99 %.1f ms, service %.2f cores (%.3f ms CPU/order, JIT %.0f%%), max RSS %.0f MB, Restate %.2f cores (%.2f ms CPU/order), unexpected %d; concurrency 1: p50 %.2f ms, p99 %.2f ms"
			.formatted(this.variant.label(), this.round, ordersPerSecond(), p50(), p99(), this.serviceCores,
					serviceCpuMsPerOrder(), jitShare() * 100, rssMb(), this.restateCores, restateCpuMsPerOrder(),
					this.traffic.unexpected() + ((this.serial != null) ? this.serial.unexpected() : 0), serialP50(),
					serialP99());
	}

}
