package dev.observableorders.fulfillment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in warehouse simulation, used unless {@code fulfillment.warehouse.url} is
 * set.
 *
 * @param failureRate share of orders the warehouse never answers: once the fulfilment
 * step gives up, their hand-over is cancelled (nothing is found) and they end
 * {@code fulfillment_failed}, refunded
 * @param latency how long each simulated hand-over takes
 */
@ConfigurationProperties("fulfillment.simulation")
record SimulatedFulfillmentProperties(@DefaultValue("0") double failureRate, @DefaultValue("0ms") Duration latency) {

	public SimulatedFulfillmentProperties {
		if (failureRate < 0 || failureRate > 1) {
			throw new IllegalArgumentException(
					"fulfillment.simulation.failure-rate must be between 0 and 1, got " + failureRate);
		}
	}

}
