package dev.observableorders.restate.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code restate_deployment_registered}: 1 while Restate has a deployment at this
 * endpoint's address, 0 when it has none (no invocation reaches this instance), NaN when
 * Restate cannot be asked. Readiness says the same, but Prometheus scrapes metrics, not
 * health, and an alert needs a series.
 */
class DeploymentRegisteredMetric {

	static final String NAME = "restate.deployment.registered";

	DeploymentRegisteredMetric(RestateEndpointHealthIndicator health, MeterRegistry registry) {
		Gauge.builder(NAME, health, (indicator) -> switch (indicator.deploymentState()) {
			case REGISTERED -> 1;
			case MISSING -> 0;
			case UNKNOWN -> Double.NaN;
		})
			.description("1 while Restate has a deployment at this endpoint's address, 0 when it has none")
			.register(registry);
	}

}
