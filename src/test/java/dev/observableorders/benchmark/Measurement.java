package dev.observableorders.benchmark;

import dev.observableorders.traffic.TrafficSummary;
import java.util.Map;

/** One variant in one round. */
record Measurement(Variant variant, int round, TrafficSummary traffic, double serviceCores, double restateCores,
		long serviceMaxRssBytes, Map<ProcessMeter.ThreadGroup, Double> serviceCpuShares) {

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
		return "%s round %d: %.1f orders/s, p50 %.1f ms, p99 %.1f ms, service %.2f cores (%.2f ms CPU/order), max RSS %.0f MB, Restate %.2f cores (%.2f ms CPU/order), unexpected %d"
			.formatted(this.variant.label(), this.round, ordersPerSecond(), p50(), p99(), this.serviceCores,
					serviceCpuMsPerOrder(), rssMb(), this.restateCores, restateCpuMsPerOrder(),
					this.traffic.unexpected());
	}

}
